using System.Text.Json.Nodes;
using Ocpi.Protocol.Cdrs;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Cdrs;

/// <summary>
/// The CDR rules beyond the table, each stated by mod_cdrs.asciidoc: non-credit ids of at most 36 characters,
/// credit_reference_id on Credit CDRs, no Session-only dimensions.
/// </summary>
public sealed class CdrRuleTests
{
    private static JsonNode Valid => CdrExamplesTests.Corrected();

    private static readonly ObjectSchema Cdr = CdrSchemas.Cdr;

    [Theory]
    [InlineData(37)]
    [InlineData(39)]
    public void a_non_credit_cdr_id_longer_than_36_is_refused(int length)
    {
        Cdr.ShouldRefuse(Valid.WithJson("id", JsonString(length)), "id",
            $"too long for a non-credit CDR ({length} characters, max 36; 39 only when credit is true)");
        Cdr.ShouldRefuse(Valid.WithJson("id", JsonString(length)).With("credit", false), "id", "too long for a non-credit CDR");
    }

    [Fact]
    public void a_credit_cdr_may_use_39_characters_for_its_id() =>
        Cdr.ShouldValidate(Valid.With("id", "12345" + new string('-', 31) + "CR1").With("credit", true).With("credit_reference_id", "12345"));

    [Fact]
    public void a_credit_cdr_needs_a_credit_reference_id()
    {
        Cdr.ShouldRefuse(Valid.With("credit", true), "credit_reference_id", "required for a Credit CDR (credit is true)");
        Cdr.ShouldRefuse(Valid.With("credit", true).With("credit_reference_id", null), "credit_reference_id", "required for a Credit CDR");
    }

    [Fact]
    public void a_normal_cdr_needs_no_credit_reference_id()
    {
        Cdr.ShouldValidate(Valid.With("credit", false));
        Cdr.ShouldValidate(Valid.With("credit", null));
    }

    [Theory]
    [InlineData("CURRENT")]
    [InlineData("ENERGY_EXPORT")]
    [InlineData("ENERGY_IMPORT")]
    [InlineData("POWER")]
    [InlineData("STATE_OF_CHARGE")]
    public void a_session_only_dimension_type_is_refused_in_a_cdr(string type) =>
        Cdr.ShouldRefuse(Valid.With("charging_periods[0].dimensions[1]", new JsonObject { ["type"] = type, ["volume"] = 10 }),
            "charging_periods[0].dimensions[1].type", $"'{type}' is a Session-only CdrDimensionType, not allowed in a CDR");

    [Theory]
    [InlineData("ENERGY")]
    [InlineData("MAX_CURRENT")]
    [InlineData("MIN_CURRENT")]
    [InlineData("MAX_POWER")]
    [InlineData("MIN_POWER")]
    [InlineData("PARKING_TIME")]
    [InlineData("RESERVATION_TIME")]
    [InlineData("TIME")]
    public void the_other_dimension_types_are_accepted_in_a_cdr(string type) =>
        Cdr.ShouldValidate(Valid.With("charging_periods[0].dimensions[1]", new JsonObject { ["type"] = type, ["volume"] = 10 }));

    [Fact]
    public void every_session_only_dimension_is_reported_with_its_path()
    {
        var cdr = Valid.WithJson("charging_periods[1]", """
            {"start_date_time":"2024-12-05T18:00:00Z","dimensions":[{"type":"TIME","volume":1},{"type":"POWER","volume":11},{"type":"CURRENT","volume":16}]}
            """);

        Cdr.Check(cdr).Errors.Select(e => e.Path).ShouldBe(["charging_periods[1].dimensions[1].type", "charging_periods[1].dimensions[2].type"]);
    }

    [Fact]
    public void an_embedded_tariff_error_is_named_by_its_full_path() =>
        Cdr.ShouldRefuse(Valid.With("tariffs[0].elements[0].restrictions", new JsonObject { ["start_time"] = "9:00" }),
            "tariffs[0].elements[0].restrictions.start_time", "'9:00' is not a time of day in 24h format HH:MM");
}
