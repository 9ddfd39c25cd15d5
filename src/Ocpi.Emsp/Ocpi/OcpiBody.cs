using System.Buffers;
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
        var (body, tooLarge) = await ReadBoundedAsync(request, ct);
        if (tooLarge is not null) return (null, tooLarge);
        return body!.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') ? (null, null) : Parse(body!);
    }

    public static async Task<(JsonElement? Document, IResult? Failure)> ParseAsync(HttpRequest request, CancellationToken ct)
    {
        var (body, tooLarge) = await ReadBoundedAsync(request, ct);
        return tooLarge is not null ? (null, tooLarge) : Parse(body!);
    }

    /// <summary>
    /// Reads at most <see cref="MaxBodyBytes"/>, whether or not the client announced a Content-Length. With a
    /// Content-Length the body is read into an array of exactly that size (Kestrel refuses a body that ends early or
    /// runs on); without one, through a pooled chunk.
    /// </summary>
    private static async Task<(byte[]? Body, IResult? TooLarge)> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } announced)
        {
            if (announced > MaxBodyBytes) return (null, TooLarge());
            var body = new byte[announced];
            var filled = 0;
            while (filled < body.Length)
            {
                var read = await request.Body.ReadAsync(body.AsMemory(filled), ct);
                if (read == 0) return (body[..filled], null);
                filled += read;
            }
            return (body, null);
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes) return (null, TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return (buffer.ToArray(), null);
    }

    private static IResult TooLarge() => OcpiResults.Error(StatusCodes.Status413PayloadTooLarge,
        Protocol.Transport.OcpiStatusCode.ClientError, $"Request body exceeds {MaxBodyBytes} bytes");

    /// <summary>
    /// JSON with a member name repeated in one object is refused as invalid JSON (HTTP 400): which value was meant is
    /// unknowable. A NUL character anywhere is refused with 2001: no OCPI string may hold it and it cannot be stored.
    /// </summary>
    private static (JsonElement? Document, IResult? Failure) Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
            // JSON carries a NUL only as the escape \u0000: without one in the bytes there is nothing to look for.
            if (body.AsSpan().IndexOf("\\u0000"u8) >= 0 && FindNul(document.RootElement, "") is { } path)
                return (null, OcpiResults.InvalidParameters($"{(path.Length == 0 ? "(body)" : path)}: contains a NUL character"));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {e.Message}"));
        }
    }

    private static string? FindNul(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0') ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (property.Name.Contains('\0')) return child;
                    if (FindNul(property.Value, child) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindNul(item, $"{path}[{index++}]") is { } found) return found;
                return null;
            default:
                return null;
        }
    }
}

public sealed record BodyReadResult<T>(T? Value, JsonElement Raw, IResult? Failure)
{
    public static BodyReadResult<T> Ok(T value, JsonElement raw) => new(value, raw, null);
    public static BodyReadResult<T> Failed(IResult failure) => new(default, default, failure);
}
