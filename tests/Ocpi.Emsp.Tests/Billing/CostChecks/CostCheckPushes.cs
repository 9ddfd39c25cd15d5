using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InternalApi;
using Ocpi.Emsp.Tests.Tariffs;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tests.Billing.CostChecks;

/// <summary>
/// Tariffs, Locations and CDRs pushed through OCPI for the cost check. The tariff is the spec's tariff_8_simple_025kwh
/// (ENERGY at a price per kWh before taxes, 10 % VAT, tax_included NO); each CDR charges one ENERGY period.
/// </summary>
public static class CostCheckPushes
{
    public static JsonObject Tariff(CpoSimulator.CpoSimulator cpo, string id, decimal pricePerKwh)
    {
        var tariff = TariffExamples.OwnedBy("tariff_8_simple_025kwh.json", cpo.Options.Party);
        tariff["id"] = id;
        tariff["elements"]![0]!["price_components"]![0]!["price"] = pricePerKwh;
        tariff["last_updated"] = OcpiDateTime.Format(DateTimeOffset.UtcNow);
        return tariff;
    }

    /// <summary>PUTs the tariff; returns when we hold it (the stored event's time: the version is in force from then).</summary>
    public static async Task<DateTimeOffset> PutTariffAsync(EmspFixture emsp, CpoSimulator.CpoSimulator cpo, JsonObject tariff)
    {
        var id = tariff["id"]!.GetValue<string>();
        await Push.SendAsync(cpo, HttpMethod.Put, TariffExamples.Url(cpo, id), tariff);
        await using var session = emsp.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(TariffExamples.Key(cpo, id)))[^1].Timestamp;
    }

    /// <summary>
    /// A one-hour CDR starting at <paramref name="start"/> that charged <paramref name="kwh"/> kWh and states
    /// <paramref name="energyCost"/> before taxes plus <paramref name="vat"/> for it (its total is the same).
    /// <paramref name="named"/> is embedded in its <c>tariffs</c> and named by its period; null: it names no tariff.
    /// </summary>
    public static JsonObject Cdr(CpoSimulator.CpoSimulator cpo, string id, DateTimeOffset start, decimal kwh, decimal energyCost, decimal vat,
        JsonObject? named)
    {
        var cdr = CdrExamples.Cdr(cpo, id);
        var end = start.AddHours(1);
        cdr["start_date_time"] = OcpiDateTime.Format(start);
        cdr["end_date_time"] = OcpiDateTime.Format(end);
        cdr["last_updated"] = OcpiDateTime.Format(end);
        var period = new JsonObject
        {
            ["start_date_time"] = OcpiDateTime.Format(start),
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = kwh }),
        };
        if (named is not null) period["tariff_id"] = named["id"]!.GetValue<string>();
        cdr["charging_periods"] = new JsonArray(period);
        if (named is not null) cdr["tariffs"] = new JsonArray(named.DeepClone());
        else cdr.Remove("tariffs");
        cdr["total_energy"] = kwh;
        cdr["total_time"] = 1;
        cdr["total_cost"] = Price(energyCost, vat);
        cdr["total_energy_cost"] = Price(energyCost, vat);
        cdr.Remove("total_time_cost");
        return cdr;
    }

    public static async Task PostAsync(CpoSimulator.CpoSimulator cpo, JsonObject cdr)
    {
        var post = await CdrExamples.PostAsync(cpo, cdr);
        post.StatusCode.ShouldBe(1000, post.StatusMessage);
    }

    /// <summary>A Location whose EVSE 3256 connector 1 names <paramref name="tariffIds"/>.</summary>
    public static Task<JsonObject> LocationAsync(CpoSimulator.CpoSimulator cpo, string id, params string[] tariffIds) =>
        Push.LocationAsync(cpo, id, OcpiDateTime.Format(DateTimeOffset.UtcNow), l =>
            l["evses"]![0]!["connectors"]![0]!["tariff_ids"] = new JsonArray(tariffIds.Select(t => (JsonNode)t).ToArray()));

    /// <summary>A CDR charged at EVSE 3256 connector 1 of location <paramref name="locationId"/>.</summary>
    public static JsonObject AtConnector(JsonObject cdr, string locationId)
    {
        cdr["cdr_location"]!["id"] = locationId;
        cdr["cdr_location"]!["evse_uid"] = "3256";
        cdr["cdr_location"]!["connector_id"] = "1";
        return cdr;
    }

    private static JsonObject Price(decimal beforeTaxes, decimal vat) => new()
    {
        ["before_taxes"] = beforeTaxes,
        ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = vat, ["percentage"] = 10 }),
    };
}
