using System.Text.Json;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi;

/// <summary>Turns an unexpected fault into OCPI 3000 (or a problem document on the internal API), never a stack trace.</summary>
public sealed class OcpiExceptionMiddleware(RequestDelegate next, ILogger<OcpiExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // The request itself is broken (a body that ends early or runs past Kestrel's limits): the client's fault.
            logger.LogInformation("Bad request on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            IResult result = context.Request.Path.StartsWithSegments("/ocpi")
                ? OcpiResults.Error(e.StatusCode, OcpiStatusCode.ClientError, $"Bad request: {e.Message}")
                : e.InnerException is JsonException json
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { [Field(json.Path)] = [json.Message] }, statusCode: e.StatusCode, title: e.Message)
                    : Results.Problem(statusCode: e.StatusCode, title: e.Message);
            await result.ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            var ids = OcpiRequestIds.Of(context);
            logger.LogError(e, "Unhandled fault on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            var message = $"Internal server error; quote request id {ids.RequestId} when reporting it";
            IResult result = context.Request.Path.StartsWithSegments("/ocpi")
                ? OcpiResults.Error(StatusCodes.Status500InternalServerError, OcpiStatusCode.ServerError, message)
                : Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: message);
            await result.ExecuteAsync(context);
        }
    }

    /// <summary>A body the serializer could not read, named as the internal API names fields: "$.cpo.party_id" is "cpo.party_id".</summary>
    private static string Field(string? path) => path is null or "$" ? "(body)" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
