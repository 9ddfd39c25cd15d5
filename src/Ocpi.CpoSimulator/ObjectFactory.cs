using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator.DayScript;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.CpoSimulator;

/// <summary>
/// The OCPI 2.3.0 objects the simulated CPO sends (mod_locations, mod_tariffs, mod_sessions, mod_cdrs), built from the
/// day's plan. Shapes follow the spec's examples; every required field is set.
/// </summary>
public static partial class ObjectFactory
{
    public static JsonObject Tariff(TariffPlan plan, PartyRef cpo, string currency, DateTimeOffset lastUpdated)
    {
        var components = new JsonArray();
        if (plan.StartFee is { } fee) components.Add(Component("FLAT", fee, plan.VatPercent, 1));
        components.Add(Component("ENERGY", plan.EnergyPerKwh, plan.VatPercent, 1));
        var elements = new JsonArray { new JsonObject { ["price_components"] = components } };
        if (plan.ParkingPerHour is { } parking)
            elements.Add(new JsonObject { ["price_components"] = new JsonArray { Component("PARKING_TIME", parking, plan.VatPercent, 60) } });
        return new JsonObject
        {
            ["country_code"] = cpo.CountryCode,
            ["party_id"] = cpo.PartyId,
            ["id"] = plan.Id,
            ["currency"] = currency,
            ["type"] = "REGULAR",
            ["tariff_alt_text"] = new JsonArray { new JsonObject { ["language"] = "en", ["text"] = plan.Description } },
            ["elements"] = elements,
            ["tax_included"] = "NO",
            ["last_updated"] = OcpiDateTime.Format(lastUpdated),
        };
    }

    private static JsonObject Component(string type, decimal price, decimal vat, int stepSize) =>
        new() { ["type"] = type, ["price"] = price, ["vat"] = vat, ["step_size"] = stepSize };

    public static JsonObject Location(LocationPlan plan, PartyRef cpo, string timeZone, string operatorName, DateTimeOffset lastUpdated) => new()
    {
        ["country_code"] = cpo.CountryCode,
        ["party_id"] = cpo.PartyId,
        ["id"] = plan.Id,
        ["publish"] = true,
        ["name"] = plan.Name,
        ["address"] = plan.Address,
        ["city"] = plan.City,
        ["postal_code"] = plan.PostalCode,
        ["country"] = "DEU",
        ["coordinates"] = new JsonObject { ["latitude"] = plan.Latitude, ["longitude"] = plan.Longitude },
        ["parking_type"] = "PARKING_LOT",
        ["evses"] = new JsonArray(plan.Evses.Select(e => (JsonNode)Evse(e, cpo, lastUpdated)).ToArray()),
        ["operator"] = new JsonObject { ["name"] = operatorName },
        ["opening_times"] = new JsonObject { ["twentyfourseven"] = true },
        ["time_zone"] = timeZone,
        ["last_updated"] = OcpiDateTime.Format(lastUpdated),
    };

    public static string EvseId(EvsePlan evse, PartyRef cpo) => $"{cpo.CountryCode}*{cpo.PartyId}*{evse.EvseId}".ToUpperInvariant();

    private static JsonObject Evse(EvsePlan evse, PartyRef cpo, DateTimeOffset lastUpdated) => new()
    {
        ["uid"] = evse.Uid,
        ["evse_id"] = EvseId(evse, cpo),
        ["status"] = "AVAILABLE",
        ["capabilities"] = new JsonArray("RFID_READER", "REMOTE_START_STOP_CAPABLE"),
        ["connectors"] = new JsonArray(Connector(evse, lastUpdated)),
        ["last_updated"] = OcpiDateTime.Format(lastUpdated),
    };

    private static JsonObject Connector(EvsePlan evse, DateTimeOffset lastUpdated)
    {
        var (standard, format, power, voltage, amperage) = Kind(evse);
        return new JsonObject
        {
            ["id"] = evse.ConnectorId,
            ["standard"] = standard,
            ["format"] = format,
            ["power_type"] = power,
            ["max_voltage"] = voltage,
            ["max_amperage"] = amperage,
            ["max_electric_power"] = (int)(evse.MaxPowerKw * 1000),
            ["tariff_ids"] = new JsonArray(evse.TariffId),
            ["last_updated"] = OcpiDateTime.Format(lastUpdated),
        };
    }

    private static (string Standard, string Format, string Power, int Voltage, int Amperage) Kind(EvsePlan evse) =>
        evse.Dc ? ("IEC_62196_T2_COMBO", "CABLE", "DC", 920, 200) : ("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32);

    /// <summary>PATCH of an EVSE's status (mod_locations: partial EVSE with last_updated).</summary>
    public static JsonObject EvseStatus(string status, DateTimeOffset at) =>
        new() { ["status"] = status, ["last_updated"] = OcpiDateTime.Format(at) };

    /// <summary>The CdrToken of one of the eMSP's tokens (as listed or pushed to us).</summary>
    public static JsonObject CdrToken(JsonObject token) => new()
    {
        ["country_code"] = token["country_code"]?.DeepClone(),
        ["party_id"] = token["party_id"]?.DeepClone(),
        ["uid"] = token["uid"]?.DeepClone(),
        ["type"] = token["type"]?.DeepClone(),
        ["contract_id"] = token["contract_id"]?.DeepClone(),
    };

    /// <summary>A session just authorized and started: ACTIVE, nothing charged yet.</summary>
    public static JsonObject Session(string id, PartyRef cpo, SessionPlan plan, JsonObject token, string? authorizationReference,
        string currency, DateTimeOffset start)
    {
        var session = new JsonObject
        {
            ["country_code"] = cpo.CountryCode,
            ["party_id"] = cpo.PartyId,
            ["id"] = id,
            ["start_date_time"] = OcpiDateTime.Format(start),
            ["kwh"] = 0m,
            ["cdr_token"] = CdrToken(token),
            ["auth_method"] = "AUTH_REQUEST",
            ["location_id"] = plan.LocationId,
            ["evse_uid"] = plan.EvseUid,
            ["connector_id"] = "1",
            ["currency"] = currency,
            ["total_cost"] = Price(Protocol.Common.Price.Zero),
            ["status"] = "ACTIVE",
            ["last_updated"] = OcpiDateTime.Format(start),
        };
        if (authorizationReference is not null) session["authorization_reference"] = authorizationReference;
        return session;
    }

    /// <summary>mod_cdrs ChargingPeriod of a metered period (ENERGY and TIME while charging, PARKING_TIME after).</summary>
    public static JsonObject Period(MeteredPeriod period, string tariffId)
    {
        var dimensions = period.Parking
            ? new JsonArray(Dimension("PARKING_TIME", period.Hours))
            : new JsonArray(Dimension("ENERGY", period.EnergyKwh), Dimension("TIME", period.Hours));
        return new JsonObject
        {
            ["start_date_time"] = OcpiDateTime.Format(period.Start),
            ["dimensions"] = dimensions,
            ["tariff_id"] = tariffId,
        };
    }

    private static JsonObject Dimension(string type, decimal volume) => new() { ["type"] = type, ["volume"] = volume };

    public static JsonNode Price(Price price) => JsonSerializer.SerializeToNode(price, OcpiJson.Options)!;

    /// <summary>
    /// The CDR-shaped object the tariff engine prices: the session's periods so far, its energy and its time
    /// (used for the running total_cost of a session and for the CDR itself).
    /// </summary>
    public static JsonObject Priceable(DateTimeOffset start, DateTimeOffset end, string currency, IEnumerable<MeteredPeriod> periods, string tariffId)
    {
        var list = periods.ToList();
        var parking = list.Where(p => p.Parking).Sum(p => p.Hours);
        var priceable = new JsonObject
        {
            ["start_date_time"] = OcpiDateTime.Format(start),
            ["end_date_time"] = OcpiDateTime.Format(end),
            ["currency"] = currency,
            ["charging_periods"] = new JsonArray(list.Select(p => (JsonNode)Period(p, tariffId)).ToArray()),
            ["total_energy"] = list.Sum(p => p.EnergyKwh),
            ["total_time"] = Math.Round((decimal)(end - start).TotalHours, 6),
        };
        if (parking > 0) priceable["total_parking_time"] = parking;
        return priceable;
    }

    /// <summary>One of the demo tokens the simulator may create in an empty eMSP (an RFID card, ALLOWED to authorize in real time).</summary>
    public static JsonObject DemoToken(PartyRef emsp, int number, DateTimeOffset lastUpdated) => new()
    {
        ["country_code"] = emsp.CountryCode,
        ["party_id"] = emsp.PartyId,
        ["uid"] = DemoTokenUid(number),
        ["type"] = "RFID",
        ["contract_id"] = $"{emsp.CountryCode}-{emsp.PartyId}-C{number:D8}".ToUpperInvariant(),
        ["visual_number"] = $"DEMO-{number:D4}",
        ["issuer"] = "Ocpi.Emsp demo",
        ["valid"] = true,
        ["whitelist"] = "ALLOWED",
        ["language"] = "en",
        ["last_updated"] = OcpiDateTime.Format(lastUpdated),
    };

    public static string DemoTokenUid(int number) => $"DEMO{number:D4}";
}
