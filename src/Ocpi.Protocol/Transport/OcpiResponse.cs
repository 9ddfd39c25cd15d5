using System.Text.Json.Serialization;

namespace Ocpi.Protocol.Transport;

/// <summary>The response envelope of every OCPI answer: data, status_code, status_message, timestamp.</summary>
public sealed record OcpiResponse<T>(
    [property: JsonPropertyOrder(0)] T? Data,
    [property: JsonPropertyOrder(1)] int StatusCode,
    [property: JsonPropertyOrder(2)] string? StatusMessage,
    [property: JsonPropertyOrder(3)] DateTimeOffset Timestamp);

public static class OcpiResponse
{
    public static OcpiResponse<T> Success<T>(T data, DateTimeOffset now) => new(data, OcpiStatusCode.Success, "Success", now);
    public static OcpiResponse<object> Success(DateTimeOffset now) => new(null, OcpiStatusCode.Success, "Success", now);
    public static OcpiResponse<object> Error(int statusCode, string message, DateTimeOffset now) => new(null, statusCode, message, now);
}
