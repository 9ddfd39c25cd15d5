using System.Text.Json.Nodes;
using Ocpi.CpoSimulator.DayScript;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Tariffs;

namespace Ocpi.CpoSimulator;

public static partial class ObjectFactory
{
    /// <summary>
    /// The CDR of a finished session (mod_cdrs): its location as used, the token, the tariff as at the start (embedded),
    /// the charging periods and the costs the tariff gives; <paramref name="overcharge"/> (before taxes) is added to the
    /// energy cost and the total, taxes following in proportion, to make one CDR state more than its tariff allows.
    /// </summary>
    public static JsonObject Cdr(string id, string sessionId, PartyRef cpo, LocationPlan location, EvsePlan evse, JsonObject token,
        string? authorizationReference, JsonObject tariff, JsonObject priceable, SessionCosts costs, decimal overcharge, DateTimeOffset lastUpdated)
    {
        var (standard, format, power, _, _) = Kind(evse);
        var cdr = new JsonObject
        {
            ["country_code"] = cpo.CountryCode,
            ["party_id"] = cpo.PartyId,
            ["id"] = id,
            ["start_date_time"] = priceable["start_date_time"]!.DeepClone(),
            ["end_date_time"] = priceable["end_date_time"]!.DeepClone(),
            ["session_id"] = sessionId,
            ["cdr_token"] = CdrToken(token),
            ["auth_method"] = "AUTH_REQUEST",
            ["cdr_location"] = new JsonObject
            {
                ["id"] = location.Id,
                ["name"] = location.Name,
                ["address"] = location.Address,
                ["city"] = location.City,
                ["postal_code"] = location.PostalCode,
                ["country"] = "DEU",
                ["coordinates"] = new JsonObject { ["latitude"] = location.Latitude, ["longitude"] = location.Longitude },
                ["evse_uid"] = evse.Uid,
                ["evse_id"] = EvseId(evse, cpo),
                ["connector_id"] = evse.ConnectorId,
                ["connector_standard"] = standard,
                ["connector_format"] = format,
                ["connector_power_type"] = power,
            },
            ["currency"] = costs.Currency,
            ["tariffs"] = new JsonArray(tariff.DeepClone()),
            ["charging_periods"] = priceable["charging_periods"]!.DeepClone(),
            ["total_cost"] = Price(Raise(costs.Total, overcharge)),
            ["total_energy"] = priceable["total_energy"]!.DeepClone(),
            ["total_time"] = priceable["total_time"]!.DeepClone(),
            ["last_updated"] = OcpiDateTime.Format(lastUpdated),
        };
        if (authorizationReference is not null) cdr["authorization_reference"] = authorizationReference;
        if (priceable["total_parking_time"] is { } parking) cdr["total_parking_time"] = parking.DeepClone();
        AddPart(cdr, "total_fixed_cost", costs.Fixed);
        AddPart(cdr, "total_energy_cost", Raise(costs.Energy, overcharge));
        AddPart(cdr, "total_time_cost", costs.Time);
        AddPart(cdr, "total_parking_cost", costs.Parking);
        return cdr;
    }

    private static void AddPart(JsonObject cdr, string field, Price part)
    {
        if (part.BeforeTaxes != 0) cdr[field] = Price(part);
    }

    /// <summary>The price with <paramref name="extra"/> added before taxes and each tax raised at its own rate.</summary>
    public static Price Raise(Price price, decimal extra)
    {
        if (extra == 0) return price;
        var factor = price.BeforeTaxes == 0 ? 1m : (price.BeforeTaxes + extra) / price.BeforeTaxes;
        return new Price(price.BeforeTaxes + extra, price.Taxes.Select(t => t with { Amount = Math.Round(t.Amount * factor, 4) }).ToList());
    }
}
