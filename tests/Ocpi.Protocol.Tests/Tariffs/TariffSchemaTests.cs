using System.Text.Json.Nodes;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Tests.Validation;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Tariffs;

/// <summary>The Tariff table (PUT body), with TariffElement, PriceComponent, TariffRestrictions and PriceLimit.</summary>
public sealed class TariffSchemaTests
{
    /// <summary>
    /// tariff_4_complex.json: elements[0] FLAT unrestricted; elements[1] TIME with max_current; elements[2] TIME with
    /// min_current and weekdays; elements[4] PARKING_TIME with start_time/end_time and weekdays.
    /// </summary>
    private static JsonNode Valid => SpecExample.Node("tariff_4_complex.json");

    private static readonly ObjectSchema Tariff = TariffSchemas.Tariff;

    [Fact]
    public void the_base_document_is_valid() => Tariff.ShouldValidate(Valid);

    [Theory]
    [InlineData("country_code")]
    [InlineData("party_id")]
    [InlineData("id")]
    [InlineData("currency")]
    [InlineData("elements")]
    [InlineData("tax_included")]
    [InlineData("last_updated")]
    [InlineData("elements[1].price_components")]
    [InlineData("elements[1].price_components[0].type")]
    [InlineData("elements[1].price_components[0].price")]
    [InlineData("elements[1].price_components[0].step_size")]
    public void a_missing_required_field_is_refused_by_its_path(string path) =>
        Tariff.ShouldRefuse(Valid.Without(path), path, "required field is missing");

    [Fact]
    public void a_2_2_1_tariff_without_tax_included_is_refused() =>
        Tariff.ShouldRefuse(SpecExample.Node("tariff_1_simple_2hour.json").Without("tax_included"), "tax_included", "required field is missing");

    [Theory]
    [InlineData("type")]
    [InlineData("tariff_alt_url")]
    [InlineData("elements[1].restrictions")]
    [InlineData("elements[1].price_components[0].vat")]
    [InlineData("elements[2].restrictions.day_of_week")]
    public void optional_fields_may_be_left_out(string path) => Tariff.ShouldValidate(Valid.Without(path));

    [Fact]
    public void every_optional_field_accepts_a_valid_value()
    {
        Tariff.ShouldValidate(Valid
            .WithJson("tariff_alt_text", """[{"language":"en","text":"€2.50 start, then per hour"}]""")
            .WithJson("min_price", """{"before_taxes":1.00}""")
            .WithJson("max_price", """{"before_taxes":20.00,"after_taxes":23.00}""")
            .With("start_date_time", "2026-01-01T00:00:00Z")
            .With("end_date_time", "2026-12-31T23:59:59Z")
            .WithJson("energy_mix", """{"is_green_energy":true}""")
            .WithJson("elements[1].restrictions", """
                {"start_time":"13:30","end_time":"00:00","start_date":"2015-12-24","end_date":"2015-12-27",
                 "min_kwh":20,"max_kwh":50,"min_current":5,"max_current":20,"min_power":5,"max_power":20,
                 "min_duration":1800,"max_duration":3600,"day_of_week":["MONDAY","SUNDAY"]}
                """));
    }

    [Theory]
    [InlineData("elements")]
    [InlineData("elements[0].price_components")]
    public void an_empty_at_least_one_list_is_refused(string path) =>
        Tariff.ShouldRefuse(Valid.WithJson(path, "[]"), path, "must contain at least one element");

    [Theory]
    [InlineData("tariff_alt_text")]
    [InlineData("elements[2].restrictions.day_of_week")]
    public void an_empty_or_null_many_list_is_accepted(string path)
    {
        Tariff.ShouldValidate(Valid.WithJson(path, "[]"));
        Tariff.ShouldValidate(Valid.With(path, null));
    }

    [Theory]
    [InlineData("country_code", 3, 2)]
    [InlineData("party_id", 4, 3)]
    [InlineData("id", 37, 36)]
    [InlineData("currency", 4, 3)]
    public void a_too_long_value_is_refused_and_the_maximum_is_accepted(string path, int length, int max)
    {
        Tariff.ShouldRefuse(Valid.WithJson(path, JsonString(length)), path, $"too long ({length} characters, max {max})");
        Tariff.ShouldValidate(Valid.WithJson(path, JsonString(max)));
    }

    [Fact]
    public void alt_text_and_alt_url_keep_their_limits()
    {
        var withText = Valid.WithJson("tariff_alt_text", """[{"language":"en","text":"ok"},{"language":"nl","text":"ok"}]""");
        Tariff.ShouldRefuse(withText.With("tariff_alt_text[1].text", new string('t', 513)), "tariff_alt_text[1].text", "too long (513 characters, max 512)");
        Tariff.ShouldRefuse(withText.With("tariff_alt_text[1].language", "nld"), "tariff_alt_text[1].language", "too long (3 characters, max 2)");
        Tariff.ShouldRefuse(Valid.With("tariff_alt_url", "company.com/tariffs/14"), "tariff_alt_url", "must be an absolute http(s) URL");
        Tariff.ShouldRefuse(Valid.With("tariff_alt_url", "https://company.com/" + new string('t', 236)), "tariff_alt_url", "max 255");
    }

    [Theory]
    [InlineData("elements[1].price_components[0].step_size", "1.5", "expected int, got a number")]
    [InlineData("elements[1].price_components[0].step_size", "\"900\"", "expected int, got a string")]
    [InlineData("elements[1].price_components[0].price", "\"1.00\"", "expected number, got a string")]
    [InlineData("elements[1].price_components[0].vat", "\"20%\"", "expected number, got a string")]
    [InlineData("elements[1].restrictions.max_current", "\"32\"", "expected number, got a string")]
    [InlineData("elements[1].restrictions.min_duration", "1800.5", "expected int, got a number")]
    [InlineData("elements[1].restrictions.max_duration", "\"3600\"", "expected int, got a string")]
    [InlineData("elements[2].restrictions.day_of_week", "\"MONDAY\"", "expected a list of DayOfWeek")]
    [InlineData("elements[1].restrictions", "[]", "expected TariffRestrictions, got an array")]
    [InlineData("elements", "{}", "expected a list of TariffElement")]
    [InlineData("min_price", "0.5", "expected PriceLimit, got a number")]
    [InlineData("start_date_time", "\"2026-01-01\"", "is not a valid DateTime")]
    [InlineData("energy_mix", "true", "expected EnergyMix, got a boolean")]
    public void a_value_of_the_wrong_type_is_refused(string path, string json, string message) =>
        Tariff.ShouldRefuse(Valid.WithJson(path, json), path, message);

    [Fact]
    public void min_and_max_price_are_price_limits_not_the_2_2_1_price()
    {
        Tariff.ShouldRefuse(Valid.WithJson("min_price", """{"excl_vat":0.50,"incl_vat":0.55}"""), "min_price.before_taxes", "required field is missing");
        Tariff.ShouldRefuse(Valid.WithJson("max_price", """{"after_taxes":11.00}"""), "max_price.before_taxes", "required field is missing");
        Tariff.ShouldRefuse(Valid.WithJson("max_price", """{"before_taxes":10.00,"after_taxes":"11.00"}"""), "max_price.after_taxes", "expected number");
    }

    [Theory]
    [InlineData("tax_included", "MAYBE", "'MAYBE' is not a valid TaxIncluded (allowed: YES, NO, N/A)")]
    [InlineData("tax_included", "NA", "'NA' is not a valid TaxIncluded (allowed: YES, NO, N/A)")]
    [InlineData("type", "PROFILE_CHEAPEST",
        "'PROFILE_CHEAPEST' is not a valid TariffType (allowed: AD_HOC_PAYMENT, PROFILE_CHEAP, PROFILE_FAST, PROFILE_GREEN, REGULAR)")]
    [InlineData("elements[1].price_components[0].type", "PARKING",
        "'PARKING' is not a valid TariffDimensionType (allowed: ENERGY, FLAT, PARKING_TIME, TIME)")]
    [InlineData("elements[2].restrictions.day_of_week[0]", "MON",
        "'MON' is not a valid DayOfWeek (allowed: MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY)")]
    [InlineData("elements[1].restrictions.reservation", "BOOKING",
        "'BOOKING' is not a valid ReservationRestrictionType (allowed: RESERVATION, RESERVATION_EXPIRES)")]
    public void an_unknown_value_of_a_closed_enum_is_refused_listing_the_allowed_values(string path, string value, string message) =>
        Tariff.ShouldRefuse(Valid.With(path, value), path, message);

    [Theory]
    [InlineData("YES")]
    [InlineData("NO")]
    [InlineData("N/A")]
    public void every_tax_included_value_is_accepted(string value) => Tariff.ShouldValidate(Valid.With("tax_included", value));

    [Fact]
    public void unknown_fields_are_accepted_at_every_level()
    {
        Tariff.ShouldValidate(Valid
            .With("preauthorize_amount", 25.0) // payments branch
            .With("x_vendor", "v")
            .With("elements[1].x_label", "slow")
            .With("elements[1].price_components[0].x_unit", "h")
            .With("elements[1].restrictions.booking", "BOOKING") // bookings branch
            .With("elements[1].restrictions.x_holiday", true));
    }

    // ----- the smaller classes on their own -----

    [Fact]
    public void a_price_component_on_its_own()
    {
        TariffSchemas.PriceComponent.ShouldValidate(JsonNode.Parse("""{"type":"ENERGY","price":0.25,"step_size":1}""")!);
        TariffSchemas.PriceComponent.Check(JsonNode.Parse("{}")!).Errors.Select(e => e.Path).ShouldBe(["type", "price", "step_size"]);
    }

    [Fact]
    public void a_tariff_element_without_price_components_is_refused() =>
        TariffSchemas.TariffElement.ShouldRefuse(JsonNode.Parse("""{"restrictions":{"max_power":16.0}}""")!, "price_components", "required field is missing");

    [Fact]
    public void empty_restrictions_are_valid() => TariffSchemas.TariffRestrictions.ShouldValidate(new JsonObject());

    [Fact]
    public void an_empty_object_reports_every_required_field_in_table_order() =>
        Tariff.Check(new JsonObject()).Errors.Select(e => e.Path).ShouldBe(
            ["country_code", "party_id", "id", "currency", "elements", "tax_included", "last_updated"]);
}
