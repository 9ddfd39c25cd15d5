using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>
/// Which of the tariffs a CDR names prices it (mod_cdrs.asciidoc, CDR.tariffs and ChargingPeriod.tariff_id). The engine
/// prices a session with one tariff, so a CDR whose charging periods name different tariffs is not checked.
/// </summary>
public static class TariffChoice
{
    /// <summary>The tariff id the CDR's own fields point at, or why they do not point at exactly one.</summary>
    public static (string? TariffId, string? Unpriceable) NamedBy(JsonObject cdr, IReadOnlyList<JsonObject> embedded)
    {
        var periodIds = (cdr["charging_periods"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => OcpiPayload.String(p, "tariff_id")).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (periodIds.Count > 1)
            return (null, $"the charging periods name {periodIds.Count} tariffs ({string.Join(", ", periodIds)}); a session priced by several tariffs is not checked");
        if (periodIds.Count == 1) return (periodIds[0], null);

        var ids = embedded.Select(t => OcpiPayload.String(t, "id")).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count == 1) return (ids[0], null);
        var regular = embedded.Where(IsRegular).Select(t => OcpiPayload.String(t, "id")).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return regular.Count == 1
            ? (regular[0], null)
            : (null, $"the CDR names {ids.Count} tariffs ({string.Join(", ", ids)}) and neither its charging periods nor the tariff types say which one applies");
    }

    public static JsonObject? Embedded(IReadOnlyList<JsonObject> embedded, string tariffId) =>
        embedded.FirstOrDefault(t => string.Equals(OcpiPayload.String(t, "id"), tariffId, StringComparison.OrdinalIgnoreCase));

    /// <summary>REGULAR or no type: the tariff for every driver (tariffs.md, TariffType).</summary>
    public static bool IsRegular(JsonObject tariff) => OcpiPayload.String(tariff, "type") is null or "REGULAR";
}
