using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Reads a pushed object as a JSON tree (unknown fields kept for the audit trail), validated against its field table:
/// the whole table for PUT/POST, only the present fields plus last_updated for PATCH.
/// </summary>
public static class OcpiPayload
{
    public static async Task<(JsonObject? Body, IResult? Failure)> ReadWholeAsync(HttpRequest request, ObjectSchema schema, CancellationToken ct)
    {
        var (document, failure) = await OcpiBody.ParseAsync(request, ct);
        if (failure is not null) return (null, failure);
        var validation = schema.Validate(document!.Value);
        return validation.IsValid
            ? (JsonObject.Create(document.Value)!, null)
            : (null, OcpiResults.InvalidParameters(validation.Describe()));
    }

    public static async Task<(JsonObject? Body, IResult? Failure)> ReadPatchAsync(HttpRequest request, ObjectSchema schema, CancellationToken ct)
    {
        var (document, failure) = await OcpiBody.ParseAsync(request, ct);
        if (failure is not null) return (null, failure);
        var validation = schema.ValidatePartial(document!.Value, "last_updated");
        return validation.IsValid
            ? (JsonObject.Create(document.Value)!, null)
            : (null, OcpiResults.InvalidParameters(validation.Describe()));
    }

    /// <summary>The object's last_updated (already validated as an OCPI DateTime).</summary>
    public static DateTimeOffset LastUpdated(JsonObject body) =>
        OcpiDateTime.TryParse(body["last_updated"]?.GetValue<string>(), out var value) ? value : DateTimeOffset.MinValue;

    public static string? String(JsonObject body, string field) =>
        body[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static decimal? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDecimal()
        : node is JsonValue v2 && v2.TryGetValue<decimal>(out var d) ? d : null;
}
