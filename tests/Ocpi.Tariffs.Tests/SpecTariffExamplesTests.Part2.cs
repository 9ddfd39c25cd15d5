namespace Ocpi.Tariffs.Tests;

public partial class SpecTariffExamplesTests
{
    // tariff_14: TIME 1.20/h (1800 s steps) 00:00-17:00, 2.40/h (900 s) 17:00-20:00 and 20:00-00:00; PARKING_TIME
    // 1.00/h (900 s) until 20:00 only. No vat: no taxes. Local time Amsterdam, winter (UTC+1).

    [Fact]
    public void tariff_14_step_size_walk_through_1_switching_element_then_parking()
    {
        // 16:55 charge 10 min, park 2 min. The CDR splits at 17:00 (mod_cdrs ChargingPeriod).
        // TIME 5 min x 1.20/h = 0.10 and 5 min x 2.40/h = 0.20, not rounded (parking follows);
        // PARKING 2 min -> 15 min (step of the last parking component) x 1.00/h = 0.25. Total 0.55.
        var costs = Priced.With(SpecExample.Tariff("tariff_14_step_size.json"),
            new CdrBuilder("2018-12-20T15:55:00Z").InTimeZone("Europe/Amsterdam").Charging(5).Charging(5).Parking(2).Build());
        costs.Time.ShouldCost(0.30m, 0.30m);
        costs.Parking.ShouldCost(0.25m, 0.25m);
        costs.Total.ShouldCost(0.55m, 0.55m);
    }

    [Fact]
    public void tariff_14_step_size_walk_through_2_rounds_the_session_total_with_the_last_step()
    {
        // 16:35 charge 35 min (25 before 17:00, 10 after). The last TIME component's step is 15 min: 35 -> 45 min total,
        // the excess billed after 17:00: 25 min x 1.20/h = 0.50 and 20 min x 2.40/h = 0.80. Total 1.30.
        var costs = Priced.With(SpecExample.Tariff("tariff_14_step_size.json"),
            new CdrBuilder("2018-12-20T15:35:00Z").InTimeZone("Europe/Amsterdam").Charging(25).Charging(10).Build());
        costs.Total.ShouldCost(1.30m, 1.30m);
    }

    [Fact]
    public void tariff_14_step_size_walk_through_3_parking_turns_free_at_20_00()
    {
        // 19:40 charge 12 min, park 8 min until 20:00 and 12 more after it (no PARKING_TIME component after 20:00: free).
        // TIME 12 min x 2.40/h = 0.48 (not rounded); billable parking 8 min -> 15 min x 1.00/h = 0.25. Total 0.73 (ed. 2).
        var costs = Priced.With(SpecExample.Tariff("tariff_14_step_size.json"),
            new CdrBuilder("2018-12-20T18:40:00Z").InTimeZone("Europe/Amsterdam").Charging(12).Parking(8).Parking(12).Build());
        costs.Time.ShouldCost(0.48m, 0.48m);
        costs.Parking.ShouldCost(0.25m, 0.25m);
        costs.Total.ShouldCost(0.73m, 0.73m);
    }

    [Fact]
    public void tariff_15_reservation_5_euro_per_hour_adds_15_minutes_of_reservation()
    {
        // Reservation 15 min x 5.00/h = 1.25 (20 %: 0.25); FLAT 0.50 (0.10); 20 kWh x 0.25 = 5.00 (0.50).
        // 6.75 / 7.60, as the spec's breakdown.
        var costs = Priced.With(SpecExample.Tariff("tariff_15_reservation_5_euro_per_hour.json"),
            new CdrBuilder("2019-02-04T10:00:00Z").Reserved(15).Charging(60, 20).Build());
        costs.Reservation.ShouldCost(1.25m, 1.50m);
        costs.Fixed.ShouldCost(0.50m, 0.60m);
        costs.Total.ShouldCost(6.75m, 7.60m);
    }

    [Fact]
    public void tariff_16_reservation_2_euro_fee_5_euro_per_hour_bills_13_minutes_as_15_plus_the_fee()
    {
        // Reservation FLAT 2.00 (0.40) + 13 -> 15 min (300 s) x 5.00/h = 1.25 (0.25); session FLAT 0.50 (0.10);
        // 20 kWh x 0.25 = 5.00 (0.50). 8.75 / 10.00, as the spec's breakdown.
        var costs = Priced.With(SpecExample.Tariff("tariff_16_reservation_2_euro_fee_5_euro_per_hour.json"),
            new CdrBuilder("2019-02-04T10:00:00Z").Reserved(13).Charging(60, 20).Build());
        costs.Reservation.ShouldCost(3.25m, 3.90m);
        costs.Fixed.ShouldCost(0.50m, 0.60m);
        costs.Total.ShouldCost(8.75m, 10.00m);
    }

    [Fact]
    public void tariff_17_reservation_with_expire_fee_used_reservation_has_no_expiry_fee()
    {
        // Reservation 22 -> 30 min (600 s) x 2.00/h = 1.00 (0.20); FLAT 0.50 (0.10); 20 kWh = 5.00 (0.50). 6.50 / 7.30.
        var costs = Priced.With(SpecExample.Tariff("tariff_17_reservation_with_expire_fee.json"),
            new CdrBuilder("2019-02-04T10:00:00Z").Reserved(22).Charging(60, 20).Build());
        costs.Reservation.ShouldCost(1.00m, 1.20m);
        costs.Total.ShouldCost(6.50m, 7.30m);
    }

    [Fact]
    public void tariff_17_reservation_with_expire_fee_expired_reservation_pays_fee_and_time_but_no_start_fee()
    {
        // Expired after 60 min, no charging: RESERVATION_EXPIRES FLAT 4.00 (0.80) + 60 min x 2.00/h = 2.00 (0.40).
        // The session's FLAT 0.50 is not due (no session). 6.00 / 7.20, as the spec says.
        var costs = Priced.With(SpecExample.Tariff("tariff_17_reservation_with_expire_fee.json"),
            new CdrBuilder("2019-02-04T10:00:00Z").Reserved(60).With("total_energy", 0).Build());
        costs.Fixed.ShouldCost(0, 0);
        costs.Total.ShouldCost(6.00m, 7.20m);
    }

    [Fact]
    public void tariff_18_reservation_with_expire_time_used_reservation_pays_the_reservation_rate()
    {
        // Reservation 22 -> 30 min x 3.00/h = 1.50 (0.30); FLAT 0.50 (0.10); 20 kWh = 5.00 (0.50). 7.00 / 7.90.
        var costs = Priced.With(SpecExample.Tariff("tariff_18_reservation_with_expire_time.json"),
            new CdrBuilder("2019-02-04T10:00:00Z").Reserved(22).Charging(60, 20).Build());
        costs.Total.ShouldCost(7.00m, 7.90m);
    }

    [Fact]
    public void tariff_18_reservation_with_expire_time_expired_reservation_pays_the_expiry_rate()
    {
        // Expired after 90 min: the RESERVATION_EXPIRES TIME component wins: 90 min x 6.00/h = 9.00 (1.80) -> 10.80.
        var costs = Priced.With(SpecExample.Tariff("tariff_18_reservation_with_expire_time.json"),
            new CdrBuilder("2019-02-04T10:00:00Z").Reserved(90).Build());
        costs.Total.ShouldCost(9.00m, 10.80m);
    }

    [Fact]
    public void tariff_19_simple_north_american_exclusive_adds_no_tax_it_cannot_know()
    {
        // CAD 2.00/h, tax_included NO, no vat: 2.5 h = 5.00 plus taxes by local law, which the tariff does not give.
        var costs = Priced.With(SpecExample.Tariff("tariff_19_simple_north_american_exclusive.json"),
            new CdrBuilder("2024-12-06T10:00:00Z", "CAD").Charging(150).Build());
        costs.Currency.ShouldBe("CAD");
        costs.Total.ShouldCost(5.00m, 5.00m);
        costs.Total.Taxes.ShouldBeEmpty();
    }

    [Fact]
    public void tariff_20_simple_north_american_inclusive_charges_the_gross_price()
    {
        // CAD 2.10/h, tax_included YES, no vat: 2.5 h = 5.25 with every tax in it; the tax share is unknown, so the
        // whole amount is reported before taxes and the amount after taxes is 5.25, as the spec says.
        var costs = Priced.With(SpecExample.Tariff("tariff_20_simple_north_american_inclusive.json"),
            new CdrBuilder("2024-12-06T10:00:00Z", "CAD").Charging(150).Build());
        costs.Total.ShouldCost(5.25m, 5.25m);
    }

    [Fact]
    public void tariff_put_example_charges_time_in_5_minute_blocks()
    {
        // TIME 2.00/h, 10 %, 300 s steps: 62 min -> 65 min = 2.166667 (VAT 0.216667) -> 2.383333.
        var costs = Priced.With(SpecExample.Tariff("tariff_put_example.json"), new CdrBuilder("2024-01-01T10:00:00Z").Charging(62).Build());
        costs.Total.ShouldCost(2.1667m, 2.3833m);
    }

    [Fact]
    public void tariffrestriction_example_max_power_prices_each_period_by_its_power()
    {
        // 1 kWh at 6 kW (10 min), 40 kWh at 48 kW (50 min), 0.5 kWh at 4 kW (7.5 min), power given as MAX_POWER:
        // 1 x 0.20 + 40 x 0.50 (no max_power element holds at 48 kW: the fallback) + 0.5 x 0.20 = 20.30; VAT 20 % 4.06.
        var costs = Priced.With(SpecExample.Tariff("tariffrestriction_example_max_power.json"),
            new CdrBuilder("2019-01-01T10:00:00Z")
                .Charging(10, 1, ("MAX_POWER", 6)).Charging(50, 40, ("MAX_POWER", 48)).Charging(7.5m, 0.5m, ("MAX_POWER", 4)).Build());
        costs.Total.ShouldCost(20.30m, 24.36m);
    }

    [Fact]
    public void tariffrestriction_example_max_power_reads_the_average_power_from_energy_and_time()
    {
        // Same session without power dimensions: each period's average power is its ENERGY over its TIME
        // (1 kWh / (10/60) h = 6 kW, 48 kW, 4 kW): same 20.30.
        var costs = Priced.With(SpecExample.Tariff("tariffrestriction_example_max_power.json"),
            new CdrBuilder("2019-01-01T10:00:00Z").Charging(10, 1).Charging(50, 40).Charging(7.5m, 0.5m).Build());
        costs.Total.ShouldCost(20.30m, 24.36m);
    }

    [Fact]
    public void tariffrestriction_example_max_duration_gives_the_first_30_minutes_free()
    {
        // 5 kWh in the first 30 min (max_duration 1800: free), 1.2 kWh in the next 10 min (1800 s is not < 1800; the
        // second element, max_duration 3600, holds): 1.2 x 0.25 = 0.30; VAT 20 % 0.06.
        var costs = Priced.With(SpecExample.Tariff("tariffrestriction_example_max_duration.json"),
            new CdrBuilder("2019-01-01T10:00:00Z").Charging(30, 5).Charging(10, 1.2m).Build());
        costs.Total.ShouldCost(0.30m, 0.36m);
    }
}
