using System.Text.Json.Nodes;

namespace Ocpi.Tariffs.Tests;

/// <summary>step_size as mod_cdrs (CDR object, step_size) and mod_tariffs (PriceComponent) describe it, with their examples.</summary>
public class StepSizeTests
{
    private static JsonObject BeforeAndAfter17(string dimension, decimal before, decimal after, int step) => Priced.Tariff($$$"""
        {"country_code": "NL", "party_id": "TNM", "id": "S", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
         "elements": [
           {"price_components": [{"type": "{{{dimension}}}", "price": {{{before}}}, "step_size": {{{step}}}}], "restrictions": {"end_time": "17:00"}},
           {"price_components": [{"type": "{{{dimension}}}", "price": {{{after}}}, "step_size": {{{step}}}}], "restrictions": {"start_time": "17:00"}}]}
        """);

    private static readonly JsonObject TimeAndParking = Priced.Tariff("""
        {"country_code": "NL", "party_id": "TNM", "id": "S", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
         "elements": [{"price_components": [
            {"type": "TIME", "price": 1.00, "step_size": 600}, {"type": "PARKING_TIME", "price": 2.00, "step_size": 600}]}]}
        """);

    [Theory]
    [InlineData(1, 0.029)]   // 115.2 Wh -> 116 Wh x 0.25/kWh
    [InlineData(25, 0.0313)] // -> 125 Wh = 0.03125, reported with 4 decimals (the spec says 0.031)
    [InlineData(500, 0.125)] // -> 500 Wh
    public void energy_is_billed_in_whole_steps_of_watt_hours(int step, decimal expected)
    {
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.25, "step_size": """ + step + "}", "N/A");
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(1, 0.1152m).Build()).Energy.BeforeTaxes.ShouldBe(expected);
    }

    [Fact]
    public void energy_steps_round_the_session_total_and_bill_the_excess_in_the_last_period()
    {
        // 0.20/kWh before 17:00, 0.27 after, both 500 Wh steps. 4.3 kWh before + 1.1 after = 5.4 -> 5.5 kWh:
        // 1.2 kWh billed after 17:00, not 1.5. 4.3 x 0.20 + 1.2 x 0.27 = 0.86 + 0.324 = 1.184.
        var costs = Priced.With(BeforeAndAfter17("ENERGY", 0.20m, 0.27m, 500),
            new CdrBuilder("2024-01-02T16:00:00Z").InTimeZone("UTC").Charging(60, 4.3m).Charging(30, 1.1m).Build());
        costs.Energy.BeforeTaxes.ShouldBe(1.184m);
    }

    [Fact]
    public void time_steps_round_the_session_total_and_bill_the_excess_in_the_last_period()
    {
        // 5.00/h before 17:00, 7.00/h after, 10-min steps. 6 + 22 = 28 -> 30 min: 24 min after 17:00.
        // 6/60 x 5 + 24/60 x 7 = 0.50 + 2.80 = 3.30.
        var costs = Priced.With(BeforeAndAfter17("TIME", 5.00m, 7.00m, 600),
            new CdrBuilder("2024-01-02T16:54:00Z").InTimeZone("UTC").Charging(6).Charging(22).Build());
        costs.Time.ShouldCost(3.30m, 3.30m);
    }

    [Fact]
    public void charging_followed_by_parking_rounds_only_the_parking()
    {
        // 10-min steps for both. 21 min charging (not rounded) + 16 min parking -> 20 min:
        // 21/60 x 1.00 + 20/60 x 2.00 = 0.35 + 0.666667 = 1.016667.
        var costs = Priced.With(TimeAndParking, new CdrBuilder("2024-01-02T10:00:00Z").Charging(21, 5).Parking(16).Build());
        costs.Time.ShouldCost(0.35m, 0.35m);
        costs.Parking.ShouldCost(0.6667m, 0.6667m);
    }

    [Fact]
    public void parking_followed_by_charging_rounds_only_the_charging()
    {
        // The last time-based period is TIME: 16 min parking exact (0.533333), 21 -> 30 min charging (0.50).
        var costs = Priced.With(TimeAndParking, new CdrBuilder("2024-01-02T10:00:00Z").Parking(16).Charging(21, 5).Build());
        costs.Parking.ShouldCost(0.5333m, 0.5333m);
        costs.Time.ShouldCost(0.50m, 0.50m);
    }

    [Fact]
    public void charging_parking_charging_rounds_the_total_charging_time()
    {
        // 10 min charge, 5 min park, 12 min charge: TIME total 22 -> 30 min (0.50); parking 5 min exact (0.166667).
        var costs = Priced.With(TimeAndParking, new CdrBuilder("2024-01-02T10:00:00Z").Charging(10, 2).Parking(5).Charging(12, 3).Build());
        costs.Time.ShouldCost(0.50m, 0.50m);
        costs.Parking.ShouldCost(0.1667m, 0.1667m);
    }

    [Fact]
    public void hours_written_with_six_decimals_do_not_round_up_a_whole_second()
    {
        // 5 min written as 0.083333 h is 299.9988 s: billed as 300 s with 1-s steps, not 301.
        var tariff = Priced.SimpleTariff("""{"type": "TIME", "price": 36.00, "step_size": 1}""", "N/A");
        var cdr = new CdrBuilder("2024-01-02T10:00:00Z").Period(5, ("TIME", 0.083334m)).Build();
        // 300 s x 36.00/h = 3.00 (0.01 per second)
        Priced.With(tariff, cdr).Time.BeforeTaxes.ShouldBe(3.00m);
    }
}
