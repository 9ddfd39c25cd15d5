using System.Text.Json.Nodes;
using Ocpi.Protocol.Cdrs;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Cdrs;

/// <summary>The CDR table (POST body), with CdrLocation, SignedData/SignedValue and the embedded Tariffs.</summary>
public sealed class CdrSchemaTests
{
    /// <summary>The corrected official example (see <see cref="CdrExamplesTests.Corrected"/>).</summary>
    private static JsonNode Valid => CdrExamplesTests.Corrected();

    private static readonly ObjectSchema Cdr = CdrSchemas.Cdr;

    private const string SignedDataJson = """
        {
          "encoding_method": "OCMF",
          "encoding_method_version": 1,
          "public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
          "signed_values": [
            { "nature": "Start", "plain_data": "OCMF|{\"FV\":\"1.0\"}", "signed_data": "MEUCIQ==" },
            { "nature": "End", "plain_data": "OCMF|{\"FV\":\"1.0\"}", "signed_data": "MEUCIB==" }
          ],
          "url": "https://safe.example.com/verify"
        }
        """;

    private static JsonNode WithSignedData => Valid.WithJson("signed_data", SignedDataJson);

    [Fact]
    public void the_base_document_is_valid() => Cdr.ShouldValidate(Valid);

    [Fact]
    public void signed_data_is_valid_in_the_base_document() => Cdr.ShouldValidate(WithSignedData);

    [Theory]
    [InlineData("country_code")]
    [InlineData("party_id")]
    [InlineData("id")]
    [InlineData("start_date_time")]
    [InlineData("end_date_time")]
    [InlineData("cdr_token")]
    [InlineData("auth_method")]
    [InlineData("cdr_location")]
    [InlineData("currency")]
    [InlineData("charging_periods")]
    [InlineData("total_cost")]
    [InlineData("total_energy")]
    [InlineData("total_time")]
    [InlineData("last_updated")]
    [InlineData("cdr_token.uid")]
    [InlineData("cdr_token.contract_id")]
    [InlineData("cdr_location.id")]
    [InlineData("cdr_location.address")]
    [InlineData("cdr_location.city")]
    [InlineData("cdr_location.country")]
    [InlineData("cdr_location.coordinates")]
    [InlineData("cdr_location.coordinates.latitude")]
    [InlineData("cdr_location.evse_uid")]
    [InlineData("cdr_location.evse_id")]
    [InlineData("cdr_location.connector_id")]
    [InlineData("cdr_location.connector_standard")]
    [InlineData("cdr_location.connector_format")]
    [InlineData("cdr_location.connector_power_type")]
    [InlineData("charging_periods[0].start_date_time")]
    [InlineData("charging_periods[0].dimensions")]
    [InlineData("charging_periods[0].dimensions[0].volume")]
    [InlineData("total_cost.before_taxes")]
    [InlineData("tariffs[0].last_updated")]
    [InlineData("tariffs[0].elements[0].price_components[0].step_size")]
    public void a_missing_required_field_is_refused_by_its_path(string path) =>
        Cdr.ShouldRefuse(Valid.Without(path), path, "required field is missing");

    [Theory]
    [InlineData("signed_data.encoding_method")]
    [InlineData("signed_data.signed_values")]
    [InlineData("signed_data.signed_values[1].nature")]
    [InlineData("signed_data.signed_values[1].plain_data")]
    [InlineData("signed_data.signed_values[1].signed_data")]
    public void a_missing_required_field_of_signed_data_is_refused_by_its_path(string path) =>
        Cdr.ShouldRefuse(WithSignedData.Without(path), path, "required field is missing");

    [Theory]
    [InlineData("tariffs")]
    [InlineData("total_time_cost")]
    [InlineData("cdr_location.name")]
    [InlineData("cdr_location.postal_code")]
    [InlineData("charging_periods[0].tariff_id")]
    public void optional_fields_may_be_left_out(string path) => Cdr.ShouldValidate(Valid.Without(path));

    [Fact]
    public void every_optional_field_accepts_a_valid_value()
    {
        const string price = """{"before_taxes":1.00,"taxes":[{"name":"VAT","percentage":21,"amount":0.21}]}""";
        Cdr.ShouldValidate(WithSignedData
            .With("session_id", new string('s', 36))
            .With("authorization_reference", new string('a', 36))
            .With("meter_id", new string('m', 255))
            .WithJson("total_fixed_cost", price)
            .WithJson("total_energy_cost", price)
            .With("total_parking_time", 0.25)
            .WithJson("total_parking_cost", price)
            .WithJson("total_reservation_cost", price)
            .With("remark", new string('r', 255))
            .With("invoice_reference_id", new string('i', 39))
            .With("credit", false)
            .With("home_charging_compensation", true)
            .With("cdr_location.state", new string('s', 20)));
    }

    [Fact]
    public void charging_periods_need_at_least_one_element_but_tariffs_may_be_empty()
    {
        Cdr.ShouldRefuse(Valid.WithJson("charging_periods", "[]"), "charging_periods", "must contain at least one element");
        Cdr.ShouldRefuse(WithSignedData.WithJson("signed_data.signed_values", "[]"), "signed_data.signed_values", "must contain at least one element");
        Cdr.ShouldValidate(Valid.WithJson("tariffs", "[]"));
        Cdr.ShouldValidate(Valid.With("tariffs", null));
    }

    [Theory]
    [InlineData("country_code", 3, 2)]
    [InlineData("party_id", 4, 3)]
    [InlineData("id", 40, 39)]
    [InlineData("session_id", 37, 36)]
    [InlineData("authorization_reference", 37, 36)]
    [InlineData("meter_id", 256, 255)]
    [InlineData("currency", 4, 3)]
    [InlineData("remark", 256, 255)]
    [InlineData("invoice_reference_id", 40, 39)]
    [InlineData("cdr_token.uid", 37, 36)]
    [InlineData("cdr_location.id", 37, 36)]
    [InlineData("cdr_location.name", 256, 255)]
    [InlineData("cdr_location.address", 46, 45)]
    [InlineData("cdr_location.city", 46, 45)]
    [InlineData("cdr_location.postal_code", 11, 10)]
    [InlineData("cdr_location.state", 21, 20)]
    [InlineData("cdr_location.country", 4, 3)]
    [InlineData("cdr_location.evse_uid", 37, 36)]
    [InlineData("cdr_location.evse_id", 49, 48)]
    [InlineData("cdr_location.connector_id", 37, 36)]
    [InlineData("charging_periods[0].tariff_id", 37, 36)]
    [InlineData("tariffs[0].id", 37, 36)]
    public void a_too_long_value_is_refused(string path, int length, int max)
    {
        var document = path == "id" ? Valid.With("credit", true).With("credit_reference_id", "12345") : Valid;

        Cdr.ShouldRefuse(document.WithJson(path, JsonString(length)), path, $"too long ({length} characters, max {max})");
        Cdr.ShouldValidate(document.WithJson(path, JsonString(max)));
    }

    [Theory]
    [InlineData("signed_data.encoding_method", 37, 36)]
    [InlineData("signed_data.public_key", 513, 512)]
    [InlineData("signed_data.url", 513, 512)]
    [InlineData("signed_data.signed_values[0].nature", 33, 32)]
    [InlineData("signed_data.signed_values[0].plain_data", 5001, 5000)]
    [InlineData("signed_data.signed_values[0].signed_data", 5001, 5000)]
    public void a_too_long_signed_data_value_is_refused(string path, int length, int max)
    {
        Cdr.ShouldRefuse(WithSignedData.WithJson(path, JsonString(length)), path, $"too long ({length} characters, max {max})");
        Cdr.ShouldValidate(WithSignedData.WithJson(path, JsonString(max)));
    }

    [Theory]
    [InlineData("total_energy", "\"15.342\"", "expected number, got a string")]
    [InlineData("total_time", "true", "expected number, got a boolean")]
    [InlineData("credit", "\"true\"", "expected boolean, got a string")]
    [InlineData("home_charging_compensation", "1", "expected boolean, got a number")]
    [InlineData("end_date_time", "\"1970-1-1T00:00:00Z\"", "is not a valid DateTime")]
    [InlineData("cdr_location", "\"LOC1\"", "expected CdrLocation, got a string")]
    [InlineData("cdr_location.coordinates.latitude", "51.047599", "expected string(10), got a number")]
    [InlineData("cdr_location.coordinates.longitude", "\"3.7\"", "is not a longitude with 5 to 7 decimals")]
    [InlineData("tariffs", "{}", "expected a list of Tariff")]
    [InlineData("tariffs[0].elements[0].price_components[0].step_size", "\"300\"", "expected int, got a string")]
    [InlineData("total_cost", "4.0", "expected Price, got a number")]
    [InlineData("total_time_cost.taxes", "{}", "expected a list of TaxAmount")]
    [InlineData("signed_data", "\"OCMF|...\"", "expected SignedData, got a string")]
    public void a_value_of_the_wrong_type_is_refused(string path, string json, string message) =>
        Cdr.ShouldRefuse(Valid.WithJson(path, json), path, message);

    [Fact]
    public void a_string_encoding_method_version_is_refused() =>
        Cdr.ShouldRefuse(WithSignedData.WithJson("signed_data.encoding_method_version", "\"1.0\""),
            "signed_data.encoding_method_version", "expected int, got a string");

    [Theory]
    [InlineData("auth_method", "RFID", "'RFID' is not a valid AuthMethod (allowed: AUTH_REQUEST, COMMAND, WHITELIST)")]
    [InlineData("cdr_location.connector_format", "PLUG", "'PLUG' is not a valid ConnectorFormat (allowed: SOCKET, CABLE)")]
    [InlineData("cdr_location.connector_power_type", "AC",
        "'AC' is not a valid PowerType (allowed: AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC)")]
    [InlineData("charging_periods[0].dimensions[0].type", "DURATION", "'DURATION' is not a valid CdrDimensionType (allowed: CURRENT, ")]
    [InlineData("tariffs[0].tax_included", "MAYBE", "'MAYBE' is not a valid TaxIncluded (allowed: YES, NO, N/A)")]
    public void an_unknown_value_of_a_closed_enum_is_refused_listing_the_allowed_values(string path, string value, string message) =>
        Cdr.ShouldRefuse(Valid.With(path, value), path, message);

    [Theory]
    [InlineData("cdr_location.connector_standard", "SAE_J3400")]
    [InlineData("cdr_location.connector_standard", "MCS")]
    [InlineData("cdr_location.connector_standard", "SOME_FUTURE_CONNECTOR")]
    [InlineData("cdr_token.type", "EMAID")]
    [InlineData("cdr_token.type", "SOME_FUTURE_TOKEN_TYPE")]
    public void open_enums_accept_unknown_values(string path, string value) => Cdr.ShouldValidate(Valid.With(path, value));

    [Fact]
    public void unknown_fields_are_accepted_at_every_level()
    {
        Cdr.ShouldValidate(WithSignedData
            .With("booking_id", "B-1") // bookings branch
            .With("x_vendor", "v")
            .With("cdr_location.parking_id", "P1")
            .With("cdr_location.coordinates.altitude", "12")
            .With("tariffs[0].preauthorize_amount", 25.0) // payments branch
            .With("charging_periods[0].x_phase", 3)
            .With("signed_data.x_format", "v2")
            .With("signed_data.signed_values[0].x_seq", 1));
    }

    // ----- #NA (a CDR for a reservation that never became a charging session) -----

    [Fact]
    public void na_is_accepted_in_evse_uid_evse_id_and_connector_id_of_a_reservation_cdr()
    {
        // No session_id: "this CDR is the result of a reservation that never became a charging session".
        Valid["session_id"].ShouldBeNull();
        var reservationOnly = Valid
            .With("auth_method", "COMMAND")
            .With("cdr_location.evse_uid", "#NA")
            .With("cdr_location.evse_id", "#NA")
            .With("cdr_location.connector_id", "#NA")
            .With("total_energy", 0)
            .WithJson("charging_periods[0].dimensions", """[{"type":"RESERVATION_TIME","volume":0.25}]""");

        Cdr.ShouldValidate(reservationOnly);
    }

    [Theory]
    [InlineData("cdr_location.evse_uid")]
    [InlineData("cdr_location.evse_id")]
    [InlineData("cdr_location.connector_id")]
    public void na_is_an_ordinary_ci_string_in_each_field(string path)
    {
        Cdr.ShouldValidate(Valid.With(path, "#NA"));
        Cdr.ShouldRefuse(Valid.With(path, "#NÀ"), path, "must contain printable ASCII characters only");
    }

    [Fact]
    public void an_empty_object_reports_every_required_field_in_table_order() =>
        Cdr.Check(new JsonObject()).Errors.Select(e => e.Path).ShouldBe([
            "country_code", "party_id", "id", "start_date_time", "end_date_time", "cdr_token", "auth_method", "cdr_location",
            "currency", "charging_periods", "total_cost", "total_energy", "total_time", "last_updated",
        ]);
}
