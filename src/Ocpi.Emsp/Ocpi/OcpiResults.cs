using System.Text.Json;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi;

/// <summary>Writes the OCPI response envelope; the only place OCPI answers are serialized.</summary>
public sealed class OcpiResult<T>(int httpStatus, OcpiResponse<T> envelope, IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    public int HttpStatus { get; } = httpStatus;
    public OcpiResponse<T> Envelope { get; } = envelope;

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = HttpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (headers is not null)
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        await JsonSerializer.SerializeAsync(context.Response.Body, Envelope, OcpiJson.Options, context.RequestAborted);
    }
}

public static class OcpiResults
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static OcpiResult<T> Ok<T>(T data, int httpStatus = StatusCodes.Status200OK, IReadOnlyDictionary<string, string>? headers = null) =>
        new(httpStatus, OcpiResponse.Success(data, Now), headers);

    /// <summary>Success without data (the spec says to omit data where the endpoint specifies none).</summary>
    public static OcpiResult<object> Ok(int httpStatus = StatusCodes.Status200OK) => new(httpStatus, OcpiResponse.Success(Now));

    /// <summary>Success without data, with an explanatory message (e.g. a stale push that was recorded but not applied).</summary>
    public static OcpiResult<object> OkWithMessage(string message, int httpStatus = StatusCodes.Status200OK) =>
        new(httpStatus, new OcpiResponse<object>(null, OcpiStatusCode.Success, message, Now));

    public static OcpiResult<object> Error(int httpStatus, int ocpiStatus, string message) =>
        new(httpStatus, OcpiResponse.Error(ocpiStatus, message, Now));

    /// <summary>Invalid or missing parameters: HTTP 200 (the request reached the OCPI layer) with OCPI 2001.</summary>
    public static OcpiResult<object> InvalidParameters(string message) =>
        Error(StatusCodes.Status200OK, OcpiStatusCode.InvalidOrMissingParameters, message);

    public static OcpiResult<object> InvalidJson(string message) =>
        Error(StatusCodes.Status400BadRequest, OcpiStatusCode.ClientError, message);

    public static OcpiResult<object> Unauthorized(string message) =>
        Error(StatusCodes.Status401Unauthorized, OcpiStatusCode.ClientError, message);

    public static OcpiResult<object> NotFound(int ocpiStatus, string message) =>
        Error(StatusCodes.Status404NotFound, ocpiStatus, message);

    public static OcpiResult<object> MethodNotAllowed(string message) =>
        Error(StatusCodes.Status405MethodNotAllowed, OcpiStatusCode.ClientError, message);

    public static OcpiResult<object> ServerError(int ocpiStatus, string message) =>
        Error(StatusCodes.Status200OK, ocpiStatus, message);
}
