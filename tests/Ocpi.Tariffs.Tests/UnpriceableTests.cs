using System.Text.Json.Nodes;

namespace Ocpi.Tariffs.Tests;

/// <summary>Input that lacks what pricing needs is refused with a reason naming it, never priced by a guess.</summary>
public class UnpriceableTests
{
    private static string Refused(JsonObject tariff, JsonObject cdr)
    {
        var result = TariffPricing.Price(tariff, cdr);
        result.Costs.ShouldBeNull();
        return result.Unpriceable.ShouldNotBeNull();
    }

    [Fact]
    public void a_current_restriction_without_current_data_names_the_restriction()
    {
        // tariff_4's first TIME element has max_current 32; the periods carry no current.
        var reason = Refused(SpecExample.Tariff("tariff_4_complex.json"),
            new CdrBuilder("2024-06-03T07:30:00Z").InTimeZone("Europe/Berlin").Charging(60, 10).Build());
        reason.ShouldContain("max_current");
        reason.ShouldContain("tariff element 2");
    }

    [Fact]
    public void a_current_range_straddling_the_threshold_without_an_average_is_undecidable()
    {
        var reason = Refused(SpecExample.Tariff("tariff_4_complex.json"),
            new CdrBuilder("2024-06-03T07:30:00Z").InTimeZone("Europe/Berlin")
                .Charging(60, 10, ("MIN_CURRENT", 10), ("MAX_CURRENT", 40)).Build());
        reason.ShouldContain("max_current");
    }

    [Fact]
    public void a_time_restriction_without_the_locations_time_zone_is_unpriceable()
    {
        var reason = Refused(SpecExample.Tariff("tariff_14_step_size.json"), new CdrBuilder("2018-12-20T15:55:00Z").Charging(10).Build());
        reason.ShouldContain("start_time");
        reason.ShouldContain("time_zone");
    }

    [Fact]
    public void an_element_already_ruled_out_by_known_data_needs_no_more_data()
    {
        // Energy 0.30/kWh at min_current 100 A and 18:00-20:00 local: there is no time zone, but with MAX_CURRENT 16 the
        // element is off whatever the time; energy is free.
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.30, "step_size": 1}""", "N/A",
            """{"min_current": 100, "start_time": "18:00", "end_time": "20:00"}""");
        Priced.With(tariff, new CdrBuilder("2024-01-02T18:30:00Z").Charging(30, 5, ("MAX_CURRENT", 16)).Build()).Total.BeforeTaxes.ShouldBe(0m);
    }

    [Fact]
    public void an_unknown_time_zone_is_named()
    {
        Refused(SpecExample.Tariff("tariff_8_simple_025kwh.json"),
            new CdrBuilder("2018-12-18T10:00:00Z").InTimeZone("Mars/Olympus_Mons").Charging(60, 20).Build()).ShouldContain("Mars/Olympus_Mons");
    }

    [Fact]
    public void a_kwh_restriction_without_energy_data_names_the_restriction()
    {
        var tariff = Priced.SimpleTariff("""{"type": "TIME", "price": 1.00, "step_size": 1}""", "N/A", """{"min_kwh": 5}""");
        var cdr = new CdrBuilder("2024-01-02T10:00:00Z").Period(60, ("TIME", 1m)).Build();
        Refused(tariff, cdr).ShouldContain("min_kwh");
    }

    [Fact]
    public void a_priced_dimension_missing_from_every_period_is_unpriceable()
    {
        // ENERGY priced, periods carry TIME only, total_energy 12 kWh.
        var cdr = new CdrBuilder("2018-12-18T10:00:00Z").Period(60, ("TIME", 1m)).With("total_energy", 12).Build();
        Refused(SpecExample.Tariff("tariff_8_simple_025kwh.json"), cdr).ShouldContain("ENERGY");
    }

    [Fact]
    public void another_currency_is_unpriceable()
    {
        Refused(SpecExample.Tariff("tariff_8_simple_025kwh.json"), new CdrBuilder("2018-12-18T10:00:00Z", "CHF").Charging(60, 20).Build())
            .ShouldContain("CHF");
    }

    [Fact]
    public void a_session_after_the_tariffs_end_date_time_is_unpriceable()
    {
        Refused(SpecExample.Tariff("tariff_6_025kwh_start_max_price.json"), new CdrBuilder("2019-07-01T10:00:00Z").Charging(60, 20).Build())
            .ShouldContain("end_date_time");
    }

    [Fact]
    public void periods_of_another_tariff_are_unpriceable()
    {
        var cdr = new CdrBuilder("2018-12-18T10:00:00Z").Charging(60, 20).Build();
        cdr["charging_periods"]![0]!["tariff_id"] = "OTHER";
        Refused(SpecExample.Tariff("tariff_8_simple_025kwh.json"), cdr).ShouldContain("OTHER");
    }

    [Fact]
    public void energy_returned_to_the_grid_is_unpriceable()
    {
        Refused(SpecExample.Tariff("tariff_8_simple_025kwh.json"), new CdrBuilder("2018-12-18T10:00:00Z").Charging(60, -3).Build())
            .ShouldContain("negative ENERGY");
    }

    [Fact]
    public void energy_returned_to_the_grid_is_no_obstacle_when_the_tariff_does_not_price_energy()
    {
        // tariff_1 prices TIME only: 1 h x 2.00 whatever the energy did.
        Priced.With(SpecExample.Tariff("tariff_1_simple_2hour.json"), new CdrBuilder("2018-12-18T10:00:00Z").Charging(60, -3).Build())
            .Total.BeforeTaxes.ShouldBe(2.00m);
    }

    [Theory]
    [InlineData("start_date_time")]
    [InlineData("end_date_time")]
    [InlineData("currency")]
    [InlineData("charging_periods")]
    public void a_cdr_without_a_field_pricing_needs_names_it(string field)
    {
        var cdr = new CdrBuilder("2018-12-18T10:00:00Z").Charging(60, 20).Build();
        cdr.Remove(field);
        Refused(SpecExample.Tariff("tariff_8_simple_025kwh.json"), cdr).ShouldContain($"cdr.{field}");
    }

    [Fact]
    public void a_tariff_value_of_the_wrong_shape_is_named_by_its_path()
    {
        var tariff = SpecExample.Tariff("tariff_8_simple_025kwh.json");
        tariff["elements"]![0]!["price_components"]![0]!["price"] = "cheap";
        Refused(tariff, new CdrBuilder("2018-12-18T10:00:00Z").Charging(60, 20).Build()).ShouldContain("tariff.elements[0].price_components[0].price");
    }
}
