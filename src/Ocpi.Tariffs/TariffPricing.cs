using System.Text.Json.Nodes;

namespace Ocpi.Tariffs;

/// <summary>
/// Prices a session the way OCPI 2.3.0 says a Tariff applies to a CDR's charging periods (mod_tariffs, mod_cdrs).
/// Pure: no I/O, no clock. See <see cref="SessionPricer"/> for the rules and the project README for the choices made
/// where the spec is silent.
/// </summary>
public static class TariffPricing
{
    /// <summary>
    /// Prices <paramref name="cdr"/> (at least start_date_time, end_date_time, charging_periods, currency) with
    /// <paramref name="tariff"/>. Time and date restrictions need the Location's time zone: it is read from
    /// cdr_location.time_zone when the caller added it there (CdrLocation itself has none).
    /// </summary>
    public static PricingResult Price(JsonObject tariff, JsonObject cdr) => Price(tariff, cdr, null);

    /// <summary>As <see cref="Price(JsonObject, JsonObject)"/>, with the Location's time zone given.</summary>
    public static PricingResult Price(JsonObject tariff, JsonObject cdr, TimeZoneInfo? timeZone)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(cdr);
        try
        {
            return PricingResult.Priced(new SessionPricer(TariffModel.Parse(tariff), SessionModel.Parse(cdr, timeZone)).Price());
        }
        catch (UnpriceableException e)
        {
            return PricingResult.NotPriceable(e.Message);
        }
    }
}
