using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Validation;
using Ocpi.Tariffs;

namespace Ocpi.Emsp.Tariffs;

/// <summary>
/// Internal API: POST /api/tariffs/price prices a (partial) CDR with a Tariff, both given in the body, and answers the
/// costs the CDR would state. Nothing is stored; the billing team uses it to see what a CPO's tariff makes of a session.
/// </summary>
public static class TariffPricingApi
{
    /// <summary>The CDR fields pricing reads; the others are not looked at (a partial CDR is enough).</summary>
    private static readonly ObjectSchema PricedCdr = new ObjectSchema("CDR")
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("end_date_time", OcpiTypes.DateTime)
        .Required("currency", OcpiTypes.String(3))
        .AtLeastOne("charging_periods", SessionSchemas.ChargingPeriod)
        .Optional("total_energy", OcpiTypes.Number)
        .Optional("total_time", OcpiTypes.Number)
        .Optional("total_parking_time", OcpiTypes.Number)
        .Optional("credit", OcpiTypes.Boolean);

    public static RouteGroupBuilder MapTariffPricing(this RouteGroupBuilder tariffs)
    {
        tariffs.MapPost("/price", Price).WithName("PriceSession")
            .WithSummary("The costs a CDR would state under a Tariff: the 2.3.0 Tariff and the CDR (at least start_date_time, " +
                         "end_date_time, charging_periods, currency) in the body; 422 when the session cannot be priced")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return tariffs;
    }

    private static Results<Ok<PricedSession>, ValidationProblem, ProblemHttpResult> Price(PriceRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Check(errors, "tariff", request.Tariff, TariffSchemas.Tariff);
        Check(errors, "cdr", request.Cdr, PricedCdr);
        TimeZoneInfo? zone = null;
        if (request.TimeZone is { Length: > 0 } name && !TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone))
            errors["time_zone"] = ["must be an IANA time zone name such as Europe/Amsterdam"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var priced = TariffPricing.Price(request.Tariff!, request.Cdr!, zone);
        if (priced.Costs is not { } costs)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The session cannot be priced with this tariff", detail: priced.Unpriceable);
        return TypedResults.Ok(new PricedSession(costs.Total, costs.Energy, costs.Time, costs.Parking, costs.Fixed, costs.Reservation));
    }

    private static void Check(Dictionary<string, string[]> errors, string field, JsonObject? value, ObjectSchema schema)
    {
        if (value is null)
        {
            errors[field] = ["required field is missing"];
            return;
        }
        foreach (var error in schema.Validate(JsonSerializer.SerializeToElement(value)).Errors)
            errors.TryAdd($"{field}.{error.Path}", [error.Message]);
    }
}

/// <summary>The body of POST /api/tariffs/price.</summary>
public sealed record PriceRequest(
    [property: Description("An OCPI 2.3.0 Tariff object, validated as a PUT from a CPO would be.")] JsonObject? Tariff,
    [property: Description("A CDR: start_date_time, end_date_time, charging_periods and currency at least; total_energy, " +
                           "total_time and total_parking_time are used when present.")] JsonObject? Cdr,
    [property: Description("The Location's IANA time zone, for time and date restrictions (CdrLocation has none). " +
                           "Otherwise cdr.cdr_location.time_zone is used when present.")] string? TimeZone);

/// <summary>The costs a CDR would state (2.3.0 Price objects); total_cost is after min_price/max_price, the parts before.</summary>
public sealed record PricedSession(
    Price TotalCost, Price TotalEnergyCost, Price TotalTimeCost, Price TotalParkingCost, Price TotalFixedCost, Price TotalReservationCost);
