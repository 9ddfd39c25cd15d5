namespace Ocpi.Tariffs.Tests;

/// <summary>TariffRestrictions, each on its own: an element is active per charging period while all of them hold.</summary>
public class RestrictionTests
{
    // Night energy 0.10/kWh from 22:00 to 06:00 (wraps past midnight), 0.30 otherwise.
    private static readonly System.Text.Json.Nodes.JsonObject NightTariff = Priced.Tariff("""
        {"country_code": "NL", "party_id": "TNM", "id": "N", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
         "elements": [
           {"price_components": [{"type": "ENERGY", "price": 0.10, "step_size": 1}], "restrictions": {"start_time": "22:00", "end_time": "06:00"}},
           {"price_components": [{"type": "ENERGY", "price": 0.30, "step_size": 1}]}]}
        """);

    [Fact]
    public void a_time_window_ending_before_it_starts_wraps_past_midnight()
    {
        // Amsterdam, summer (UTC+2). Periods start 21:00 (day), 22:00, 23:30, 01:00 (night), 06:00 (day again):
        // 1 kWh each: 0.30 + 0.10 + 0.10 + 0.10 + 0.30 = 0.90.
        var costs = Priced.With(NightTariff, new CdrBuilder("2024-07-01T19:00:00Z").InTimeZone("Europe/Amsterdam")
            .Charging(60, 1).Charging(90, 1).Charging(90, 1).Charging(300, 1).Charging(30, 1).Build());
        costs.Total.ShouldCost(0.90m, 0.90m);
    }

    [Fact]
    public void start_time_is_inclusive_and_end_time_exclusive()
    {
        // A period starting 06:00 local is day (end_time 06:00 exclusive); one starting 22:00 is night (inclusive).
        var morning = Priced.With(NightTariff, new CdrBuilder("2024-07-01T04:00:00Z").InTimeZone("Europe/Amsterdam").Charging(30, 1).Build());
        morning.Total.BeforeTaxes.ShouldBe(0.30m);
        var evening = Priced.With(NightTariff, new CdrBuilder("2024-07-01T20:00:00Z").InTimeZone("Europe/Amsterdam").Charging(30, 1).Build());
        evening.Total.BeforeTaxes.ShouldBe(0.10m);
    }

    [Fact]
    public void time_restrictions_use_the_locations_local_time_across_daylight_saving()
    {
        // 21:30Z is 22:30 in Amsterdam in winter (night) and 23:30 in summer (night); 20:30Z is 21:30 in winter (day)
        // but 22:30 in summer (night).
        decimal At(string utc) => Priced.With(NightTariff, new CdrBuilder(utc).InTimeZone("Europe/Amsterdam").Charging(30, 1).Build()).Total.BeforeTaxes;
        At("2024-01-15T20:30:00Z").ShouldBe(0.30m);
        At("2024-07-15T20:30:00Z").ShouldBe(0.10m);
    }

    [Fact]
    public void the_time_zone_can_be_given_by_the_caller()
    {
        var cdr = new CdrBuilder("2024-07-15T20:30:00Z").Charging(30, 1).Build();
        TariffPricing.Price(NightTariff, cdr, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).Costs!.Total.BeforeTaxes.ShouldBe(0.10m);
        TariffPricing.Price(NightTariff, cdr, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Costs!.Total.BeforeTaxes.ShouldBe(0.30m);
    }

    [Fact]
    public void day_of_week_is_the_local_weekday_of_each_period()
    {
        // Parking 1.00/h on SUNDAY only. Sunday 2024-06-09 23:00 Berlin (21:00Z) for 1 h, then Monday 00:00 for 1 h:
        // only the Sunday hour is paid: 1.00. (In UTC both periods would be on Sunday.)
        var tariff = Priced.SimpleTariff("""{"type": "PARKING_TIME", "price": 1.00, "step_size": 1}""", "N/A", """{"day_of_week": ["SUNDAY"]}""");
        var costs = Priced.With(tariff, new CdrBuilder("2024-06-09T21:00:00Z").InTimeZone("Europe/Berlin").Parking(60).Parking(60).Build());
        costs.Parking.ShouldCost(1.00m, 1.00m);
    }

    [Fact]
    public void start_date_is_inclusive_and_end_date_exclusive()
    {
        // A 2.00 start fee valid 2024-12-24 up to (not including) 2024-12-26, in local dates (Berlin, UTC+1).
        var tariff = Priced.SimpleTariff("""{"type": "FLAT", "price": 2.00, "step_size": 1}""", "N/A",
            """{"start_date": "2024-12-24", "end_date": "2024-12-26"}""");
        decimal At(string utc) => Priced.With(tariff, new CdrBuilder(utc).InTimeZone("Europe/Berlin").Charging(30, 1).Build()).Fixed.BeforeTaxes;
        At("2024-12-23T22:59:00Z").ShouldBe(0m);    // 23:59 on the 23rd
        At("2024-12-23T23:00:00Z").ShouldBe(2.00m); // 00:00 on the 24th
        At("2024-12-25T22:59:00Z").ShouldBe(2.00m); // 23:59 on the 25th
        At("2024-12-25T23:00:00Z").ShouldBe(0m);    // 00:00 on the 26th
    }

    [Fact]
    public void min_and_max_kwh_follow_the_energy_charged_before_each_period()
    {
        // 0.40/kWh for the first 10 kWh (max_kwh 10), 0.20 from 10 kWh on (min_kwh 10). Periods of 6, 4 and 5 kWh:
        // 6 x 0.40 (0 before) + 4 x 0.40 (6 before) + 5 x 0.20 (10 before, inclusive) = 2.40 + 1.60 + 1.00 = 5.00.
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "K", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [
               {"price_components": [{"type": "ENERGY", "price": 0.40, "step_size": 1}], "restrictions": {"max_kwh": 10}},
               {"price_components": [{"type": "ENERGY", "price": 0.20, "step_size": 1}], "restrictions": {"min_kwh": 10}}]}
            """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(30, 6).Charging(20, 4).Charging(25, 5).Build())
            .Total.ShouldCost(5.00m, 5.00m);
    }

    [Fact]
    public void min_and_max_current_decide_on_the_periods_current()
    {
        // TIME 1.00/h below 32 A, 3.00/h from 32 A. Periods: MAX_CURRENT 16 (below), MIN_CURRENT 40 (at or above),
        // CURRENT 32 (average: at the threshold, so from 32 A). 1 h each: 1.00 + 3.00 + 3.00 = 7.00.
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "C", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [
               {"price_components": [{"type": "TIME", "price": 1.00, "step_size": 1}], "restrictions": {"max_current": 32}},
               {"price_components": [{"type": "TIME", "price": 3.00, "step_size": 1}], "restrictions": {"min_current": 32}}]}
            """);
        var cdr = new CdrBuilder("2024-01-02T10:00:00Z")
            .Charging(60, 5, ("MAX_CURRENT", 16)).Charging(60, 20, ("MIN_CURRENT", 40)).Charging(60, 20, ("CURRENT", 32)).Build();
        Priced.With(tariff, cdr).Time.ShouldCost(7.00m, 7.00m);
    }

    [Fact]
    public void min_and_max_power_decide_on_the_periods_power()
    {
        // ENERGY 0.50/kWh from 50 kW (min_power), 0.30 otherwise. MIN_POWER 60 -> 0.50; POWER 20 -> 0.30; 10 kWh each.
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "P", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [
               {"price_components": [{"type": "ENERGY", "price": 0.50, "step_size": 1}], "restrictions": {"min_power": 50}},
               {"price_components": [{"type": "ENERGY", "price": 0.30, "step_size": 1}]}]}
            """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(10, 10, ("MIN_POWER", 60)).Charging(30, 10, ("POWER", 20)).Build())
            .Energy.ShouldCost(8.00m, 8.00m);
    }

    [Fact]
    public void min_duration_starts_an_element_once_the_session_lasted_long_enough()
    {
        // Parking 6.00/h from 2 h into the session (min_duration 7200, inclusive), free before. Charge 90 min, park 30 min
        // (starts at 90 min: free), park 60 min (starts at 120 min: paid): 1 h x 6.00 = 6.00.
        var tariff = Priced.SimpleTariff("""{"type": "PARKING_TIME", "price": 6.00, "step_size": 1}""", "N/A", """{"min_duration": 7200}""");
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(90, 20).Parking(30).Parking(60).Build())
            .Parking.ShouldCost(6.00m, 6.00m);
    }

    [Fact]
    public void restrictions_combine_with_and()
    {
        // tariff_4's parking: 5.00/h weekdays 09:00-18:00, 6.00/h Saturday 10:00-17:00. Saturday 09:30 Berlin for 20 min:
        // the weekday element's time holds but not its day; the Saturday element's day holds but not its time: free.
        var costs = Priced.With(SpecExample.Tariff("tariff_4_complex.json"),
            new CdrBuilder("2024-06-08T07:30:00Z").InTimeZone("Europe/Berlin").Parking(20).Build());
        costs.Parking.ShouldCost(0, 0);
    }

    [Fact]
    public void an_element_restricted_out_leaves_the_dimension_free_when_no_fallback_exists()
    {
        // Energy 0.30/kWh only from 10 kWh on: the first 10 kWh cost nothing.
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.30, "step_size": 1}""", "N/A", """{"min_kwh": 10}""");
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(30, 10).Charging(30, 10).Build()).Total.ShouldCost(3.00m, 3.00m);
    }
}
