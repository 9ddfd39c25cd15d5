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

    /// <summary>
    /// Deepest nesting accepted. OCPI objects nest about six levels; the limit keeps a stored object (a body placed inside
    /// an event, a view, an EVSE inside a Location) within the serializer's own depth limit of 64.
    /// </summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };
    private static readonly JsonDocumentOptions ParseAllowingDuplicates = new() { MaxDepth = MaxDepth };

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
        var (body, tooLarge) = await RequestBodyBuffer.ReadAsync(request.Body, MaxBodyBytes, ct);
        if (tooLarge) return (null, TooLarge());
        using (body) return body!.IsWhitespace() ? (null, null) : await ParseAsync(body);
    }

    public static async Task<(JsonElement? Document, IResult? Failure)> ParseAsync(HttpRequest request, CancellationToken ct)
    {
        var (body, tooLarge) = await RequestBodyBuffer.ReadAsync(request.Body, MaxBodyBytes, ct);
        if (tooLarge) return (null, TooLarge());
        using (body) return await ParseAsync(body!);
    }

    private static Task<(JsonElement? Document, IResult? Failure)> ParseAsync(RequestBodyBuffer body) =>
        body.Length > LargeBodyParser.Threshold ? LargeBodyParser.ParseAsync(body.AsSequence()) : Task.FromResult(Parse(body.AsSequence()));

    private static IResult TooLarge() => OcpiResults.Error(StatusCodes.Status413PayloadTooLarge,
        Protocol.Transport.OcpiStatusCode.ClientError, $"Request body exceeds {MaxBodyBytes} bytes");

    /// <summary>
    /// Refused as not JSON (HTTP 400): bad syntax, bytes that are not UTF-8 (RFC 8259 section 8.1), nesting deeper than
    /// <see cref="MaxDepth"/>, a member name repeated in one object (which value was meant is unknowable). Refused with
    /// 2001 naming the field: JSON that cannot be stored unchanged (<see cref="StorableJson"/>: a NUL character, an
    /// unpaired surrogate escape, a number beyond any store's range). Bodies above <see cref="LargeBodyParser.Threshold"/>
    /// are parsed on that parser's thread, so that the pooled arrays of their documents stay with one thread.
    /// </summary>
    internal static (JsonElement? Document, IResult? Failure) Parse(ReadOnlySequence<byte> body)
    {
        JsonElement document;
        try
        {
            document = ParseDocument(body, allowDuplicates: false);
        }
        catch (InvalidOperationException e)
        {
            // The duplicate check could not decode a member name (an unpaired surrogate escape): parsed without it, the
            // walk below names the member.
            try
            {
                document = ParseDocument(body, allowDuplicates: true);
            }
            catch (JsonException)
            {
                return (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {e.Message}"));
            }
            if (StorableJson.FindProblem(document) is null) return (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {e.Message}"));
        }
        catch (JsonException e)
        {
            return (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {e.Message}"));
        }
        return StorableJson.FindProblem(document) switch
        {
            null => (document, null),
            { IsEncoding: true } bad => (null, OcpiResults.InvalidJson($"Request body is not valid JSON: {bad}")),
            var bad => (null, OcpiResults.InvalidParameters(bad.ToString())),
        };
    }

    private static JsonElement ParseDocument(ReadOnlySequence<byte> body, bool allowDuplicates)
    {
        using var document = JsonDocument.Parse(body, allowDuplicates ? ParseAllowingDuplicates : ParseOptions);
        return document.RootElement.Clone();
    }
}

public sealed record BodyReadResult<T>(T? Value, JsonElement Raw, IResult? Failure)
{
    public static BodyReadResult<T> Ok(T value, JsonElement raw) => new(value, raw, null);
    public static BodyReadResult<T> Failed(IResult failure) => new(default, default, failure);
}
