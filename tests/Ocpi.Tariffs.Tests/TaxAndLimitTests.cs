namespace Ocpi.Tariffs.Tests;

/// <summary>tax_included (YES / NO / N/A), per-component vat, and min_price / max_price (PriceLimit).</summary>
public class TaxAndLimitTests
{
    private const string EnergyAt121 = """{"type": "ENERGY", "price": 1.21, "vat": 21, "step_size": 1}""";

    [Fact]
    public void tax_included_no_adds_vat_on_top_of_the_price()
    {
        // 10 kWh x 1.21 = 12.10 net; VAT 21 % = 2.541 -> 14.641.
        var costs = Priced.With(Priced.SimpleTariff(EnergyAt121, "NO"), new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 10).Build());
        costs.Total.ShouldCost(12.10m, 14.641m);
        costs.Total.Taxes.Single().ShouldBe(new Ocpi.Protocol.Common.TaxAmount("VAT", 2.541m, 21m));
    }

    [Fact]
    public void tax_included_yes_takes_the_vat_out_of_the_gross_price()
    {
        // 10 kWh x 1.21 = 12.10 gross = 10.00 net + 2.10 VAT (21 %).
        var costs = Priced.With(Priced.SimpleTariff(EnergyAt121, "YES"), new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 10).Build());
        costs.Total.ShouldCost(10.00m, 12.10m);
        costs.Total.Taxes.Single().Amount.ShouldBe(2.10m);
    }

    [Fact]
    public void tax_included_na_has_no_taxes_even_with_a_vat()
    {
        var costs = Priced.With(Priced.SimpleTariff(EnergyAt121, "N/A"), new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 10).Build());
        costs.Total.ShouldCost(12.10m, 12.10m);
        costs.Total.Taxes.ShouldBeEmpty();
    }

    [Fact]
    public void a_tariff_without_tax_included_is_read_as_2_2_1_prices_excluding_vat()
    {
        // cdr_example.json embeds such a tariff: TIME 2.00/h, 10 %, 300 s steps; 1.973 h = 7102.8 s -> 7200 s = 2 h:
        // 4.00 + VAT 0.40, exactly what the example CDR states.
        var cdr = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(SpecExample.Folder, "cdr_example.json")))!.AsObject();
        var tariff = cdr["tariffs"]![0]!.AsObject();
        var costs = Priced.With(tariff, cdr);
        costs.Total.ShouldCost(4.00m, 4.40m);
        CostComparison.Compare(cdr, TariffPricing.Price(tariff, cdr), 0.01m).Verdict.ShouldBe(CostComparison.Match);
    }

    [Fact]
    public void taxes_are_grouped_by_rate_across_dimensions()
    {
        // FLAT 1.00 at 21 %, ENERGY 10 x 0.30 = 3.00 at 21 %, PARKING 1 h x 2.00 at 9 %: VAT 21 % 0.84, VAT 9 % 0.18.
        var tariff = Priced.SimpleTariff("""
            {"type": "FLAT", "price": 1.00, "vat": 21, "step_size": 1}, {"type": "ENERGY", "price": 0.30, "vat": 21, "step_size": 1},
            {"type": "PARKING_TIME", "price": 2.00, "vat": 9, "step_size": 1}
            """);
        var costs = Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 10).Parking(60).Build());
        costs.Total.Taxes.Select(t => (t.Name, t.Percentage, t.Amount)).ShouldBe([("VAT", 9m, 0.18m), ("VAT", 21m, 0.84m)]);
        costs.Total.ShouldCost(6.00m, 7.02m);
    }

    [Fact]
    public void min_price_before_and_after_taxes_apply_independently()
    {
        // 1 kWh x 0.25 = 0.25 + VAT 10 % (0.025). min_price 0.50 before, 0.60 after: before raised to 0.50 (taxes follow:
        // 0.05, after 0.55), then after raised to 0.60: taxes 0.10.
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.25, "vat": 10, "step_size": 1}""",
            extra: """ "min_price": {"before_taxes": 0.50, "after_taxes": 0.60}, """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(10, 1).Build()).Total.ShouldCost(0.50m, 0.60m);
    }

    [Fact]
    public void max_price_after_taxes_can_bind_while_before_taxes_does_not()
    {
        // 40 kWh x 0.25 = 10.00 + 10 % = 11.00. max_price 20 before (not reached), 10.50 after: taxes cut to 0.50.
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.25, "vat": 10, "step_size": 1}""",
            extra: """ "max_price": {"before_taxes": 20, "after_taxes": 10.50}, """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(120, 40).Build()).Total.ShouldCost(10.00m, 10.50m);
    }

    [Fact]
    public void price_limits_without_taxes_bound_the_one_amount()
    {
        // N/A: before = after. 40 kWh x 0.25 = 10.00; max 12 before, 9 after: 9.00.
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.25, "step_size": 1}""", "N/A",
            extra: """ "max_price": {"before_taxes": 12, "after_taxes": 9}, """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(120, 40).Build()).Total.ShouldCost(9.00m, 9.00m);
    }

    [Fact]
    public void an_after_taxes_maximum_below_the_amount_before_taxes_caps_both()
    {
        // 40 kWh x 0.25 = 10.00 + 10 %; max 12 before, 9 after: taxes cannot be negative, so 9.00 / 9.00.
        var tariff = Priced.SimpleTariff("""{"type": "ENERGY", "price": 0.25, "vat": 10, "step_size": 1}""",
            extra: """ "max_price": {"before_taxes": 12, "after_taxes": 9}, """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(120, 40).Build()).Total.ShouldCost(9.00m, 9.00m);
    }

    [Fact]
    public void min_price_applies_to_a_session_that_used_nothing()
    {
        // 0 kWh: 0.00, raised to min_price 0.50 before; at the tariff's only rate (10 %) that is 0.55 after.
        var costs = Priced.With(SpecExample.Tariff("tariff_12_025kwh_min_price.json"),
            new CdrBuilder("2018-12-18T10:00:00Z").Charging(5, 0).Build());
        costs.Total.ShouldCost(0.50m, 0.55m);
    }
}
