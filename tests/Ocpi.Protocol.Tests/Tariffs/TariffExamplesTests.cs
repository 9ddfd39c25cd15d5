using System.Text.Json.Nodes;
using Ocpi.Protocol.Tariffs;

namespace Ocpi.Protocol.Tests.Tariffs;

/// <summary>tariff_*.json and tariffrestriction_example_*.json of mod_tariffs.asciidoc: all whole Tariff objects.</summary>
public sealed class TariffExamplesTests
{
    public static readonly string[] ValidTariffs =
    [
        "tariff_1_simple_2hour.json", "tariff_2_alt_text.json", "tariff_3_alt_url.json", "tariff_4_complex.json",
        "tariff_5_free_of_charge.json", "tariff_6_025kwh_start_max_price.json", "tariff_8_simple_025kwh.json",
        "tariff_9_025kwh_start.json", "tariff_10_025kwh_parking_start.json", "tariff_11_not_possible_alt_text.json",
        "tariff_12_025kwh_min_price.json", "tariff_13_simple_3hour_5parking.json", "tariff_14_step_size.json",
        "tariff_15_reservation_5_euro_per_hour.json", "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json",
        "tariff_17_reservation_with_expire_fee.json", "tariff_18_reservation_with_expire_time.json",
        "tariff_19_simple_north_american_exclusive.json", "tariff_20_simple_north_american_inclusive.json",
    ];

    public static readonly string[] RestrictionExamples =
        ["tariffrestriction_example_max_duration.json", "tariffrestriction_example_max_power.json"];

    /// <summary>Breaks its table: no <c>last_updated</c>.</summary>
    public const string PutExample = "tariff_put_example.json";

    public static TheoryData<string> ValidFiles => new([.. ValidTariffs, .. RestrictionExamples]);
    public static TheoryData<string> RestrictionFiles => new(RestrictionExamples);

    [Fact]
    public void every_tariff_example_of_the_spec_is_covered()
    {
        SpecExample.Matching("tariff*.json").ShouldBe([.. ValidTariffs, .. RestrictionExamples, PutExample], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void the_example_is_a_valid_tariff(string fileName)
    {
        TariffSchemas.Tariff.ShouldValidate(SpecExample.Node(fileName));
    }

    [Theory]
    [MemberData(nameof(RestrictionFiles))]
    public void the_restriction_example_is_a_whole_tariff_whose_restrictions_are_valid_on_their_own(string fileName)
    {
        // The restriction examples are not bare TariffRestrictions objects but whole Tariffs; validate the inner
        // restrictions objects as well.
        var tariff = SpecExample.Node(fileName);
        tariff["elements"].ShouldNotBeNull();

        var restrictions = tariff["elements"]!.AsArray().Select(e => e!["restrictions"]).OfType<JsonNode>().ToList();
        restrictions.Count.ShouldBe(2);
        foreach (var restriction in restrictions) TariffSchemas.TariffRestrictions.ShouldValidate(restriction);
    }

    [Fact]
    public void the_put_example_is_refused_because_it_has_no_last_updated()
    {
        TariffSchemas.Tariff.ShouldRefuse(SpecExample.Node(PutExample), "last_updated", "required field is missing");
    }

    [Fact]
    public void the_put_example_with_last_updated_added_is_valid()
    {
        // Correction: add the required last_updated (any valid DateTime; the value of tariff_1, the same €2/h tariff "12").
        var corrected = SpecExample.Node(PutExample).With("last_updated", "2015-06-29T20:39:09Z");

        TariffSchemas.Tariff.ShouldValidate(corrected);
    }

    [Fact]
    public void every_example_carries_the_new_tax_included_field()
    {
        foreach (var file in ValidTariffs.Concat(RestrictionExamples).Append(PutExample))
            SpecExample.Node(file)["tax_included"].ShouldNotBeNull(file).GetValue<string>().ShouldBeOneOf(["YES", "NO", "N/A"], file);
    }

    [Fact]
    public void the_north_american_examples_differ_only_in_tax_included_and_price()
    {
        var exclusive = SpecExample.Node("tariff_19_simple_north_american_exclusive.json");
        var inclusive = SpecExample.Node("tariff_20_simple_north_american_inclusive.json");

        exclusive["tax_included"]!.GetValue<string>().ShouldBe("NO");
        inclusive["tax_included"]!.GetValue<string>().ShouldBe("YES");
        // Neither has a vat: "If omitted, no VAT is applicable".
        exclusive.At("elements[0].price_components[0]")["vat"].ShouldBeNull();
        inclusive.At("elements[0].price_components[0]")["vat"].ShouldBeNull();
        // Example inconsistency (semantic, not a schema error): the text says "billed per 1 min (60 seconds)", the JSON
        // has step_size 1, i.e. per second.
        exclusive.At("elements[0].price_components[0].step_size").GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void the_free_of_charge_example_is_one_unrestricted_flat_component_of_zero()
    {
        var element = SpecExample.Node("tariff_5_free_of_charge.json")["elements"]!.AsArray().ShouldHaveSingleItem()!;

        element["restrictions"].ShouldBeNull();
        var component = element["price_components"]!.AsArray().ShouldHaveSingleItem()!;
        component["type"]!.GetValue<string>().ShouldBe("FLAT");
        component["price"]!.GetValue<decimal>().ShouldBe(0m);
        // step_size 0 is odd (FLAT has no step unit) but an int, so valid.
        component["step_size"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public void the_reservation_examples_price_only_flat_and_time_in_their_reservation_elements()
    {
        string[] files =
        [
            "tariff_15_reservation_5_euro_per_hour.json", "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json",
            "tariff_17_reservation_with_expire_fee.json", "tariff_18_reservation_with_expire_time.json",
        ];
        foreach (var file in files)
        {
            var reservationTypes = SpecExample.Node(file)["elements"]!.AsArray()
                .Where(e => e!["restrictions"]?["reservation"] is not null)
                .SelectMany(e => e!["price_components"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()))
                .ToList();
            reservationTypes.ShouldNotBeEmpty(file);
            reservationTypes.ShouldBeSubsetOf(["FLAT", "TIME"], file);
        }
    }
}
