using System.Text.Json;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// "Parse permissively, validate explicitly": the body is parsed as JSON (failure: HTTP 400), checked against the
/// spec's field table (failure: OCPI 2001 naming the fields), and only then bound to a typed object.
/// </summary>
public static class OcpiBody
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static async Task<BodyReadResult<T>> ReadAsync<T>(HttpRequest request, ObjectSchema schema, CancellationToken ct)
    {
        var parsed = await ParseAsync(request, ct);
        if (parsed.Failure is not null) return BodyReadResult<T>.Failed(parsed.Failure);
        var validation = schema.Validate(parsed.Document!.Value);
        if (!validation.IsValid) return BodyReadResult<T>.Failed(OcpiResults.InvalidParameters(validation.Describe()));
        return BodyReadResult<T>.Ok(parsed.Document.Value.Deserialize<T>(OcpiJson.Options)!, parsed.Document.Value);
    }

    /// <summary>Like <see cref="ParseAsync"/>, but an empty body (allowed where the body is optional) gives no document.</summary>
    public static async Task<(JsonElement? Document, IResult? Failure)> ParseAsyncAllowingEmpty(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {e.Message}"));
        }
    }

    public static async Task<(JsonElement? Document, IResult? Failure)> ParseAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return (null, OcpiResults.InvalidJson($"Request body exceeds {MaxBodyBytes} bytes"));
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, ct);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {e.Message}"));
        }
    }
}

public sealed record BodyReadResult<T>(T? Value, JsonElement Raw, IResult? Failure)
{
    public static BodyReadResult<T> Ok(T value, JsonElement raw) => new(value, raw, null);
    public static BodyReadResult<T> Failed(IResult failure) => new(default, default, failure);
}
