using Ocpi.Protocol.Common;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Tariffs;

/// <summary>Field census of the Tariffs module against the tables of mod_tariffs.asciidoc (2.3.0/release/core, ed2).</summary>
public sealed class TariffCensusTests
{
    [Fact]
    public void tariff_matches_its_field_table()
    {
        TariffSchemas.Tariff.Name.ShouldBe("Tariff");
        FieldTable(TariffSchemas.Tariff).ShouldBe([
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "id 1 CiString(36)",
            "currency 1 string(3)",
            "type ? TariffType",
            "tariff_alt_text * DisplayText",
            "tariff_alt_url ? URL",
            "min_price ? PriceLimit",
            "max_price ? PriceLimit",
            "elements + TariffElement",
            "tax_included 1 TaxIncluded",
            "start_date_time ? DateTime",
            "end_date_time ? DateTime",
            "energy_mix ? EnergyMix",
            "last_updated 1 DateTime",
        ], ignoreOrder: true);

        Field(TariffSchemas.Tariff, "tariff_alt_text").Type.ShouldBeSameAs(CommonSchemas.DisplayText);
        Field(TariffSchemas.Tariff, "energy_mix").Type.ShouldBeSameAs(CommonSchemas.EnergyMix);
        Field(TariffSchemas.Tariff, "min_price").Type.ShouldBeSameAs(TariffSchemas.PriceLimit);
        Field(TariffSchemas.Tariff, "max_price").Type.ShouldBeSameAs(TariffSchemas.PriceLimit);
        Field(TariffSchemas.Tariff, "elements").Type.ShouldBeSameAs(TariffSchemas.TariffElement);
        Field(TariffSchemas.Tariff, "tax_included").Type.ShouldBeSameAs(TariffSchemas.TaxIncluded);
        // Payments-branch field, not in core 2.3.0 ed2: accepted as an unknown field only.
        TariffSchemas.Tariff.Fields.ShouldNotContain(f => f.Name == "preauthorize_amount");
    }

    [Fact]
    public void tariff_element_matches_its_field_table()
    {
        FieldTable(TariffSchemas.TariffElement).ShouldBe([
            "price_components + PriceComponent",
            "restrictions ? TariffRestrictions",
        ], ignoreOrder: true);
        Field(TariffSchemas.TariffElement, "price_components").Type.ShouldBeSameAs(TariffSchemas.PriceComponent);
        Field(TariffSchemas.TariffElement, "restrictions").Type.ShouldBeSameAs(TariffSchemas.TariffRestrictions);
    }

    [Fact]
    public void price_component_matches_its_field_table()
    {
        FieldTable(TariffSchemas.PriceComponent).ShouldBe([
            "type 1 TariffDimensionType",
            "price 1 number",
            "vat ? number",
            "step_size 1 int",
        ], ignoreOrder: true);
        Field(TariffSchemas.PriceComponent, "step_size").Type.ShouldBeOfType<IntType>();
    }

    [Fact]
    public void tariff_restrictions_matches_its_field_table()
    {
        FieldTable(TariffSchemas.TariffRestrictions).ShouldBe([
            "start_time ? string(5)",
            "end_time ? string(5)",
            "start_date ? string(10)",
            "end_date ? string(10)",
            "min_kwh ? number",
            "max_kwh ? number",
            "min_current ? number",
            "max_current ? number",
            "min_power ? number",
            "max_power ? number",
            "min_duration ? int",
            "max_duration ? int",
            "day_of_week * DayOfWeek",
            "reservation ? ReservationRestrictionType",
        ], ignoreOrder: true);

        // The time and date strings carry the spec's regexes.
        Field(TariffSchemas.TariffRestrictions, "start_time").Type.ShouldBeSameAs(TariffSchemas.TimeOfDay);
        Field(TariffSchemas.TariffRestrictions, "end_time").Type.ShouldBeSameAs(TariffSchemas.TimeOfDay);
        Field(TariffSchemas.TariffRestrictions, "start_date").Type.ShouldBeSameAs(TariffSchemas.LocalDate);
        Field(TariffSchemas.TariffRestrictions, "end_date").Type.ShouldBeSameAs(TariffSchemas.LocalDate);
        // Bookings-branch field, not in core.
        TariffSchemas.TariffRestrictions.Fields.ShouldNotContain(f => f.Name == "booking");
    }

    [Fact]
    public void price_limit_matches_its_field_table()
    {
        FieldTable(TariffSchemas.PriceLimit).ShouldBe(["before_taxes 1 number", "after_taxes ? number"], ignoreOrder: true);
    }

    [Fact]
    public void the_closed_enums_list_exactly_the_values_of_the_spec()
    {
        TariffSchemas.DayOfWeek.Values.ShouldBe(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"], ignoreOrder: true);
        TariffSchemas.ReservationRestrictionType.Values.ShouldBe(["RESERVATION", "RESERVATION_EXPIRES"], ignoreOrder: true);
        TariffSchemas.TariffDimensionType.Values.ShouldBe(["ENERGY", "FLAT", "PARKING_TIME", "TIME"], ignoreOrder: true);
        TariffSchemas.TariffType.Values.ShouldBe(["AD_HOC_PAYMENT", "PROFILE_CHEAP", "PROFILE_FAST", "PROFILE_GREEN", "REGULAR"], ignoreOrder: true);
        TariffSchemas.TaxIncluded.Values.ShouldBe(["YES", "NO", "N/A"], ignoreOrder: true);
        TariffSchemas.ReservationDimensionTypes.ShouldBe(["FLAT", "TIME"], ignoreOrder: true);
    }

    [Fact]
    public void every_field_name_is_snake_case_and_unique()
    {
        ObjectSchema[] schemas =
        [
            TariffSchemas.Tariff, TariffSchemas.TariffElement, TariffSchemas.PriceComponent, TariffSchemas.TariffRestrictions,
            TariffSchemas.PriceLimit,
        ];
        foreach (var schema in schemas)
        {
            schema.Fields.Select(f => f.Name).ShouldBeUnique();
            schema.Fields.ShouldAllBe(f => System.Text.RegularExpressions.Regex.IsMatch(f.Name, "^[a-z]+(_[a-z]+)*$"));
        }
    }
}
