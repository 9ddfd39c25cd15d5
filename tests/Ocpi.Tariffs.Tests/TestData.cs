using System.Globalization;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Tariffs.Tests;

/// <summary>The official example files, linked from tests/SpecExamples into the output folder.</summary>
internal static class SpecExample
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "SpecExamples");

    public static JsonObject Tariff(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        File.Exists(path).ShouldBeTrue($"spec example {fileName} not found in {Folder}");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    public static IEnumerable<string> Matching(string pattern) =>
        Directory.GetFiles(Folder, pattern).Select(Path.GetFileName).OfType<string>().Order();
}

/// <summary>
/// Builds the partial CDR pricing reads: periods follow each other from the start; hours are written with 6 decimals,
/// as CPOs do, so that the engine's handling of such volumes is part of every test.
/// </summary>
internal sealed class CdrBuilder(string start, string currency = "EUR")
{
    private readonly DateTimeOffset _start = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);
    private readonly JsonArray _periods = [];
    private readonly JsonObject _extra = [];
    private DateTimeOffset _clock = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);

    /// <summary>A period of <paramref name="minutes"/> with these dimensions (volumes as given).</summary>
    public CdrBuilder Period(decimal minutes, params (string Type, decimal Volume)[] dimensions)
    {
        var dims = new JsonArray();
        foreach (var (type, volume) in dimensions) dims.Add(new JsonObject { ["type"] = type, ["volume"] = volume });
        _periods.Add(new JsonObject { ["start_date_time"] = Format(_clock), ["dimensions"] = dims });
        _clock = _clock.AddSeconds((double)(minutes * 60));
        return this;
    }

    /// <summary>Charging: TIME for the period's length, the energy given, and any other dimensions.</summary>
    public CdrBuilder Charging(decimal minutes, decimal kwh = 0, params (string Type, decimal Volume)[] more) =>
        Period(minutes, [(CdrTypes.Time, Hours(minutes)), (CdrTypes.Energy, kwh), .. more]);

    public CdrBuilder Parking(decimal minutes) => Period(minutes, (CdrTypes.ParkingTime, Hours(minutes)));

    public CdrBuilder Reserved(decimal minutes) => Period(minutes, (CdrTypes.ReservationTime, Hours(minutes)));

    public CdrBuilder With(string field, JsonNode? value)
    {
        _extra[field] = value;
        return this;
    }

    public CdrBuilder InTimeZone(string zone) => With("cdr_location", new JsonObject { ["id"] = "LOC1", ["time_zone"] = zone });

    public JsonObject Build()
    {
        var cdr = new JsonObject
        {
            ["start_date_time"] = Format(_start),
            ["end_date_time"] = Format(_clock),
            ["currency"] = currency,
            ["charging_periods"] = _periods.DeepClone(),
        };
        foreach (var (name, value) in _extra) cdr[name] = value?.DeepClone();
        return cdr;
    }

    public static decimal Hours(decimal minutes) => Math.Round(minutes / 60m, 6);

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

internal static class CdrTypes
{
    public const string Energy = "ENERGY", Time = "TIME", ParkingTime = "PARKING_TIME", ReservationTime = "RESERVATION_TIME";
}

internal static class Priced
{
    /// <summary>Prices and asserts that the session was priceable.</summary>
    public static SessionCosts With(JsonObject tariff, JsonObject cdr)
    {
        var result = TariffPricing.Price(tariff, cdr);
        result.Unpriceable.ShouldBeNull($"unpriceable: {result.Unpriceable}");
        return result.Costs.ShouldNotBeNull();
    }

    /// <summary>Before and after taxes, to the 4 decimals the engine reports.</summary>
    public static void ShouldCost(this Price price, decimal beforeTaxes, decimal afterTaxes)
    {
        price.BeforeTaxes.ShouldBe(beforeTaxes, 0.0001m, "before taxes");
        price.AfterTaxes.ShouldBe(afterTaxes, 0.0001m, "after taxes");
    }

    public static JsonObject Tariff(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A one-element tariff in EUR, tax_included NO unless said, with these price components.</summary>
    public static JsonObject SimpleTariff(string components, string taxIncluded = "NO", string? restrictions = null, string extra = "") =>
        Tariff($$"""
            {"country_code": "DE", "party_id": "ALL", "id": "T1", "currency": "EUR", {{extra}}
             "elements": [{"price_components": [{{components}}]{{(restrictions is null ? "" : $", \"restrictions\": {restrictions}")}}}],
             "tax_included": "{{taxIncluded}}", "last_updated": "2024-01-01T00:00:00Z"}
            """);
}
