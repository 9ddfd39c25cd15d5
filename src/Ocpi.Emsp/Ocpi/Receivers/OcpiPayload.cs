using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Protocol.Common;
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
        if (!validation.IsValid) return (null, OcpiResults.InvalidParameters(validation.Describe()));
        return OverLimits(Limits(request.HttpContext), schema, document.Value, "") is { } over ? (null, over) : (JsonObject.Create(document.Value)!, null);
    }

    public static async Task<(JsonObject? Body, IResult? Failure)> ReadPatchAsync(HttpRequest request, ObjectSchema schema, CancellationToken ct)
    {
        var (document, failure) = await OcpiBody.ParseAsync(request, ct);
        if (failure is not null) return (null, failure);
        var validation = schema.ValidatePartial(document!.Value, "last_updated");
        if (!validation.IsValid) return (null, OcpiResults.InvalidParameters(validation.Describe()));
        return OverLimits(Limits(request.HttpContext), schema, document.Value, "") is { } over ? (null, over) : (JsonObject.Create(document.Value)!, null);
    }

    /// <summary>The caps on stored objects (configuration Emsp:MaxObjectBytes and Emsp:MaxUnknownFieldBytes).</summary>
    public static ObjectLimits Limits(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<EmspOptions>>().Value.ObjectLimits;

    /// <summary>2001 naming the cap when <paramref name="document"/> (a body, or the object a change would leave) exceeds one.</summary>
    public static IResult? OverLimits(ObjectLimits limits, ObjectSchema schema, JsonElement document, string prefix)
    {
        var check = limits.Check(schema, document);
        return check.IsValid ? null : OcpiResults.InvalidParameters(prefix + check.Describe());
    }

    /// <summary>The object's last_updated (already validated as an OCPI DateTime).</summary>
    public static DateTimeOffset LastUpdated(JsonObject body) =>
        OcpiDateTime.TryParse(body["last_updated"]?.GetValue<string>(), out var value) ? value : DateTimeOffset.MinValue;

    public static string? String(JsonObject body, string field) =>
        body[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static decimal? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDecimal()
        : node is JsonValue v2 && v2.TryGetValue<decimal>(out var d) ? d : null;

    /// <summary>A 2.3.0 Price (before_taxes, taxes[]) of a received object, read leniently; null when it is not stated.</summary>
    public static Price? Price(JsonNode? node) => node is JsonObject price
        ? new Price(Number(price["before_taxes"]) ?? 0m,
            [.. (price["taxes"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new TaxAmount(
                String(t, "name") ?? "", Number(t["amount"]) ?? 0m, Number(t["percentage"]), String(t, "account_number")))])
        : null;
}
