using System.Text.Json.Nodes;

namespace Ocpi.Tariffs.Tests;

/// <summary>A CDR's stated costs set against what its tariff computes.</summary>
public class CostComparisonTests
{
    private static JsonNode Price(decimal before, decimal vat) =>
        new JsonObject { ["before_taxes"] = before, ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = vat }) };

    // tariff_9: FLAT 0.50 + 20 kWh x 0.25 = 5.00 -> 5.50 before taxes.
    private static JsonObject Cdr(decimal total, decimal energy, bool credit = false)
    {
        var cdr = new CdrBuilder("2018-12-18T10:00:00Z").Charging(60, 20).Build();
        cdr["total_cost"] = Price(total, 0.6m);
        cdr["total_energy_cost"] = Price(energy, 0.5m);
        cdr["total_fixed_cost"] = Price(credit ? -0.50m : 0.50m, 0.1m);
        if (credit) cdr["credit"] = true;
        return cdr;
    }

    private static ComparedCosts Compare(JsonObject cdr) =>
        CostComparison.Compare(cdr, TariffPricing.Price(SpecExample.Tariff("tariff_9_025kwh_start.json"), cdr), 0.01m);

    [Fact]
    public void a_cdr_overcharged_on_energy_is_overcharged_with_the_energy_dimension_carrying_the_difference()
    {
        // Stated energy 6.00 instead of 5.00: total 6.50 instead of 5.50.
        var compared = Compare(Cdr(6.50m, 6.00m));
        compared.Verdict.ShouldBe(CostComparison.Overcharged);
        compared.Difference.ShouldBe(1.00m);
        compared.Computed!.BeforeTaxes.ShouldBe(5.50m);
        var energy = compared.Dimensions.Single(d => d.Type == "ENERGY");
        energy.Difference.ShouldBe(1.00m);
        energy.Computed!.BeforeTaxes.ShouldBe(5.00m);
        compared.Dimensions.Single(d => d.Type == "FLAT").Difference.ShouldBe(0m);
        compared.Reason.ShouldNotBeNull().ShouldContain("ENERGY +1.00");
    }

    [Fact]
    public void a_cdr_asking_less_than_its_tariff_is_undercharged()
    {
        var compared = Compare(Cdr(5.00m, 4.50m));
        compared.Verdict.ShouldBe(CostComparison.Undercharged);
        compared.Difference.ShouldBe(-0.50m);
        compared.Dimensions.Single(d => d.Type == "ENERGY").Difference.ShouldBe(-0.50m);
    }

    [Theory]
    [InlineData(5.50, CostComparison.Match)]
    [InlineData(5.51, CostComparison.Match)]       // |0.01| <= tolerance
    [InlineData(5.49, CostComparison.Match)]
    [InlineData(5.52, CostComparison.Overcharged)]
    [InlineData(5.48, CostComparison.Undercharged)]
    public void a_difference_within_the_tolerance_is_a_match(decimal stated, string verdict) =>
        Compare(Cdr(stated, stated - 0.50m)).Verdict.ShouldBe(verdict);

    [Fact]
    public void an_unpriceable_cdr_gives_the_reason_and_keeps_what_it_states()
    {
        var cdr = Cdr(5.50m, 5.00m);
        cdr["currency"] = "CHF";
        var compared = Compare(cdr);
        compared.Verdict.ShouldBe(CostComparison.Unpriceable);
        compared.Reason.ShouldNotBeNull().ShouldContain("CHF");
        compared.Stated!.BeforeTaxes.ShouldBe(5.50m);
        compared.Computed.ShouldBeNull();
        compared.Difference.ShouldBeNull();
        compared.Dimensions.Select(d => d.Type).ShouldBe(["ENERGY", "FLAT"]);
    }

    [Fact]
    public void a_credit_cdr_with_the_negated_total_matches_its_tariff()
    {
        // Credit CDR: total_cost -5.50, total_fixed_cost negated too, total_energy_cost left positive (the text only
        // requires total_cost to be negated): every part compares with the computed part of the same sign.
        var compared = Compare(Cdr(-5.50m, 5.00m, credit: true));
        compared.Verdict.ShouldBe(CostComparison.Match);
        compared.Computed!.BeforeTaxes.ShouldBe(-5.50m);
        compared.Dimensions.ShouldAllBe(d => d.Difference == 0m);
    }

    [Fact]
    public void parts_the_cdr_does_not_state_are_listed_with_what_we_compute()
    {
        var cdr = Cdr(5.50m, 5.00m);
        cdr.Remove("total_energy_cost");
        var compared = Compare(cdr);
        compared.Verdict.ShouldBe(CostComparison.Match);
        var energy = compared.Dimensions.Single(d => d.Type == "ENERGY");
        energy.Stated.ShouldBeNull();
        energy.Difference.ShouldBeNull();
        energy.Computed!.BeforeTaxes.ShouldBe(5.00m);
        compared.Dimensions.ShouldNotContain(d => d.Type == "TIME"); // neither stated nor computed
    }

    [Fact]
    public void a_cdr_without_total_cost_cannot_be_compared()
    {
        var cdr = Cdr(5.50m, 5.00m);
        cdr.Remove("total_cost");
        var compared = Compare(cdr);
        compared.Verdict.ShouldBe(CostComparison.Unpriceable);
        compared.Reason.ShouldNotBeNull().ShouldContain("total_cost");
    }
}
