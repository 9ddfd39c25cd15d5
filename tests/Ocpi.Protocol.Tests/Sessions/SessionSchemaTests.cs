using System.Text.Json.Nodes;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Tests.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Sessions;

/// <summary>The Session table (PUT and PATCH), with CdrToken, ChargingPeriod and CdrDimension inside it.</summary>
public sealed class SessionSchemaTests
{
    /// <summary>The official finished Session: all classes present (cdr_token, three charging periods, total_cost with taxes).</summary>
    private static JsonNode Valid => SpecExample.Node("session_example_2_short_finished.json");

    private static readonly Ocpi.Protocol.Validation.ObjectSchema Session = SessionSchemas.Session;

    [Fact]
    public void the_base_document_is_valid() => Session.ShouldValidate(Valid);

    [Theory]
    [InlineData("country_code")]
    [InlineData("party_id")]
    [InlineData("id")]
    [InlineData("start_date_time")]
    [InlineData("kwh")]
    [InlineData("cdr_token")]
    [InlineData("auth_method")]
    [InlineData("location_id")]
    [InlineData("evse_uid")]
    [InlineData("connector_id")]
    [InlineData("currency")]
    [InlineData("status")]
    [InlineData("last_updated")]
    [InlineData("cdr_token.country_code")]
    [InlineData("cdr_token.party_id")]
    [InlineData("cdr_token.uid")]
    [InlineData("cdr_token.type")]
    [InlineData("cdr_token.contract_id")]
    [InlineData("charging_periods[0].start_date_time")]
    [InlineData("charging_periods[0].dimensions")]
    [InlineData("charging_periods[1].dimensions[0].type")]
    [InlineData("charging_periods[1].dimensions[1].volume")]
    [InlineData("total_cost.before_taxes")]
    [InlineData("total_cost.taxes[0].name")]
    [InlineData("total_cost.taxes[0].amount")]
    public void a_missing_required_field_is_refused_by_its_path(string path) =>
        Session.ShouldRefuse(Valid.Without(path), path, "required field is missing");

    [Theory]
    [InlineData("status")]
    [InlineData("cdr_token.uid")]
    public void null_in_a_required_field_is_the_same_as_missing(string path) =>
        Session.ShouldRefuse(Valid.With(path, null), path, "required field is missing");

    [Theory]
    [InlineData("end_date_time")]
    [InlineData("charging_periods")]
    [InlineData("total_cost")]
    [InlineData("charging_periods[2].tariff_id")]
    [InlineData("total_cost.taxes")]
    public void optional_fields_may_be_left_out(string path) => Session.ShouldValidate(Valid.Without(path));

    [Fact]
    public void optional_fields_may_be_null_and_charging_periods_may_be_empty()
    {
        Session.ShouldValidate(Valid.With("total_cost", null).With("meter_id", null).With("authorization_reference", null));
        Session.ShouldValidate(Valid.WithJson("charging_periods", "[]"));
    }

    [Fact]
    public void every_optional_field_accepts_a_valid_value()
    {
        Session.ShouldValidate(Valid
            .With("authorization_reference", new string('A', 36))
            .With("meter_id", new string('m', 255)));
    }

    [Fact]
    public void a_charging_period_needs_at_least_one_dimension() =>
        Session.ShouldRefuse(Valid.WithJson("charging_periods[0].dimensions", "[]"),
            "charging_periods[0].dimensions", "must contain at least one element");

    [Theory]
    [InlineData("country_code", 3, 2)]
    [InlineData("party_id", 4, 3)]
    [InlineData("id", 37, 36)]
    [InlineData("authorization_reference", 37, 36)]
    [InlineData("location_id", 37, 36)]
    [InlineData("evse_uid", 37, 36)]
    [InlineData("connector_id", 37, 36)]
    [InlineData("meter_id", 256, 255)]
    [InlineData("currency", 4, 3)]
    [InlineData("cdr_token.country_code", 3, 2)]
    [InlineData("cdr_token.party_id", 4, 3)]
    [InlineData("cdr_token.uid", 37, 36)]
    [InlineData("cdr_token.contract_id", 37, 36)]
    [InlineData("charging_periods[2].tariff_id", 37, 36)]
    public void a_too_long_value_is_refused_and_the_maximum_is_accepted(string path, int length, int max)
    {
        Session.ShouldRefuse(Valid.WithJson(path, JsonString(length)), path, $"too long ({length} characters, max {max})");
        Session.ShouldValidate(Valid.WithJson(path, JsonString(max)));
    }

    [Theory]
    [InlineData("kwh", "\"41.12\"", "expected number, got a string")]
    [InlineData("start_date_time", "\"2015-06-29\"", "is not a valid DateTime")]
    [InlineData("last_updated", "1435617017", "expected DateTime, got a number")]
    [InlineData("evse_uid", "3256", "expected CiString(36), got a number")]
    [InlineData("cdr_token", "\"123abc\"", "expected CdrToken, got a string")]
    [InlineData("charging_periods", "{}", "expected a list of ChargingPeriod")]
    [InlineData("charging_periods[0].dimensions", "{\"type\":\"ENERGY\",\"volume\":1}", "expected a list of CdrDimension")]
    [InlineData("charging_periods[0].dimensions[0].volume", "\"120\"", "expected number, got a string")]
    [InlineData("total_cost", "8.5", "expected Price, got a number")]
    [InlineData("total_cost.before_taxes", "\"8.50\"", "expected number, got a string")]
    [InlineData("currency", "978", "expected string(3), got a number")]
    [InlineData("status", "1", "expected SessionStatus, got a number")]
    public void a_value_of_the_wrong_type_is_refused(string path, string json, string message) =>
        Session.ShouldRefuse(Valid.WithJson(path, json), path, message);

    [Fact]
    public void the_2_2_1_price_shape_is_refused_in_total_cost() =>
        Session.ShouldRefuse(Valid.WithJson("total_cost", """{"excl_vat":8.5,"incl_vat":9.35}"""),
            "total_cost.before_taxes", "required field is missing");

    [Theory]
    [InlineData("status", "RESERVED",
        "'RESERVED' is not a valid SessionStatus (allowed: ACTIVE, COMPLETED, INVALID, PENDING, RESERVATION)")]
    [InlineData("auth_method", "RFID", "'RFID' is not a valid AuthMethod (allowed: AUTH_REQUEST, COMMAND, WHITELIST)")]
    [InlineData("charging_periods[0].dimensions[0].type", "ENERGY_WH",
        "'ENERGY_WH' is not a valid CdrDimensionType (allowed: CURRENT, ENERGY, ENERGY_EXPORT, ENERGY_IMPORT, MAX_CURRENT, " +
        "MIN_CURRENT, MAX_POWER, MIN_POWER, PARKING_TIME, POWER, RESERVATION_TIME, STATE_OF_CHARGE, TIME)")]
    [InlineData("status", "active", "'active' is not a valid SessionStatus")]
    public void an_unknown_value_of_a_closed_enum_is_refused_listing_the_allowed_values(string path, string value, string message)
    {
        var error = Session.ShouldRefuse(Valid.With(path, value), path, message);

        error.ToString().ShouldStartWith($"{path}: ");
    }

    [Theory]
    [InlineData("EMAID")]
    [InlineData("AD_HOC_USER")]
    [InlineData("SOME_FUTURE_TOKEN_TYPE")]
    public void the_token_type_is_an_open_enum(string type) => Session.ShouldValidate(Valid.With("cdr_token.type", type));

    [Theory]
    [InlineData("CURRENT", 16)]
    [InlineData("ENERGY_EXPORT", 0.5)]
    [InlineData("ENERGY_IMPORT", 12.5)]
    [InlineData("POWER", 11)]
    [InlineData("STATE_OF_CHARGE", 80)]
    [InlineData("RESERVATION_TIME", 0.25)]
    public void session_only_dimension_types_are_allowed_in_a_session(string type, double volume) =>
        Session.ShouldValidate(Valid.With("charging_periods[0].dimensions[0]", new JsonObject { ["type"] = type, ["volume"] = volume }));

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(57.5)]
    public void state_of_charge_within_0_to_100_is_accepted(double volume) =>
        Session.ShouldValidate(Valid.With("charging_periods[0].dimensions[1]", new JsonObject { ["type"] = "STATE_OF_CHARGE", ["volume"] = volume }));

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(8000)]
    public void state_of_charge_outside_0_to_100_is_refused(double volume) =>
        Session.ShouldRefuse(Valid.With("charging_periods[0].dimensions[1]", new JsonObject { ["type"] = "STATE_OF_CHARGE", ["volume"] = volume }),
            "charging_periods[0].dimensions[1].volume", "STATE_OF_CHARGE is a percentage, values allowed: 0 to 100");

    [Fact]
    public void unknown_fields_are_accepted_at_every_level()
    {
        Session.ShouldValidate(Valid
            .With("booking_id", "BOOKING-1")
            .WithJson("x_vendor", """{"anything":[1,2,3]}""")
            .With("cdr_token.x_group", "G1")
            .With("charging_periods[0].x_meter_reading", 123)
            .With("charging_periods[0].dimensions[0].unit", "Wh")
            .With("total_cost.incl_vat", 9.35)
            .With("total_cost.taxes[0].x_country", "BE"));
    }

    [Fact]
    public void na_is_accepted_for_evse_uid_and_connector_id_of_a_reservation()
    {
        var reservation = SpecExample.Node("session_example_1_simple_start.json")
            .With("status", "RESERVATION")
            .With("auth_method", "COMMAND")
            .With("evse_uid", "#NA")
            .With("connector_id", "#NA");

        Session.ShouldValidate(reservation);
    }

    [Theory]
    [InlineData("evse_uid")]
    [InlineData("connector_id")]
    public void na_is_an_ordinary_ci_string_in_both_fields(string path)
    {
        Session.ShouldValidate(Valid.With(path, "#NA"));
        Session.ShouldRefuse(Valid.With(path, "#NÀ"), path, "must contain printable ASCII characters only");
    }

    [Fact]
    public void an_empty_object_reports_every_required_field_in_table_order() =>
        Session.Check(new JsonObject()).Errors.Select(e => e.Path).ShouldBe([
            "country_code", "party_id", "id", "start_date_time", "kwh", "cdr_token", "auth_method", "location_id",
            "evse_uid", "connector_id", "currency", "status", "last_updated",
        ]);

    [Fact]
    public void several_errors_are_all_reported_with_their_paths()
    {
        var result = Session.Check(Valid
            .With("status", "RESERVED")
            .Without("cdr_token.uid")
            .WithJson("charging_periods[1].dimensions[0].volume", "\"41000\""));

        result.Errors.Select(e => e.Path).ShouldBe(["cdr_token.uid", "charging_periods[1].dimensions[0].volume", "status"], ignoreOrder: true);
    }

    [Fact]
    public void a_body_that_is_not_an_object_is_refused() =>
        Session.Validate(TestJson.Parse("[]")).Describe().ShouldBe("(body): expected Session, got an array");
}
