using System.Text.Json.Nodes;
using Ocpi.Protocol.Commands;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Commands;

/// <summary>
/// The tables of mod_commands.asciidoc (2.3.0/release/core). The module has no example files: the base documents are
/// built from the tables and the sequence diagrams' values.
/// </summary>
public sealed class CommandSchemaTests
{
    private const string Url = "\"https://emsp.example.com/ocpi/2.3.0/commands/START_SESSION/1234\"";

    private static JsonNode Token => JsonNode.Parse("""
        {"country_code": "NL", "party_id": "EMS", "uid": "012345678", "type": "APP_USER", "contract_id": "NL-EMS-C12345678-X",
         "issuer": "Ocpi.Emsp", "valid": true, "whitelist": "ALLOWED", "last_updated": "2025-01-01T10:00:00Z"}
        """)!;

    private static JsonNode StartSession => JsonNode.Parse($$"""
        {"response_url": {{Url}}, "location_id": "LOC1", "evse_uid": "BE*BEC*E041503001", "connector_id": "1",
         "authorization_reference": "c0ffee"}
        """)!.With("token", Token);

    private static JsonNode ReserveNow => JsonNode.Parse($$"""
        {"response_url": {{Url}}, "expiry_date": "2025-01-01T11:00:00Z", "reservation_id": "ABC123", "location_id": "LOC1"}
        """)!.With("token", Token);

    [Fact]
    public void the_command_objects_match_their_field_tables()
    {
        FieldTable(CommandSchemas.CancelReservationObject).ShouldBe(["response_url 1 URL", "reservation_id 1 CiString(36)"]);
        FieldTable(CommandSchemas.ReserveNowObject).ShouldBe([
            "response_url 1 URL", "token 1 Token", "expiry_date 1 DateTime", "reservation_id 1 CiString(36)",
            "location_id 1 CiString(36)", "evse_uid ? CiString(36)", "authorization_reference ? CiString(36)",
        ]);
        FieldTable(CommandSchemas.StartSessionObject).ShouldBe([
            "response_url 1 URL", "token 1 Token", "location_id 1 CiString(36)", "evse_uid ? CiString(36)",
            "connector_id ? CiString(36)", "authorization_reference ? CiString(36)",
        ]);
        FieldTable(CommandSchemas.StopSessionObject).ShouldBe(["response_url 1 URL", "session_id 1 CiString(36)"]);
        FieldTable(CommandSchemas.UnlockConnectorObject).ShouldBe([
            "response_url 1 URL", "location_id 1 CiString(36)", "evse_uid 1 CiString(36)", "connector_id 1 CiString(36)",
        ]);
        FieldTable(CommandSchemas.CommandResponse).ShouldBe(["result 1 CommandResponseType", "timeout 1 int", "message * DisplayText"]);
        FieldTable(CommandSchemas.CommandResult).ShouldBe(["result 1 CommandResultType", "message * DisplayText"]);
    }

    [Fact]
    public void the_enums_hold_the_spec_values()
    {
        CommandSchemas.CommandTypes.ShouldBe(["CANCEL_RESERVATION", "RESERVE_NOW", "START_SESSION", "STOP_SESSION", "UNLOCK_CONNECTOR"]);
        CommandSchemas.CommandResponseType.Values.ShouldBe(["NOT_SUPPORTED", "REJECTED", "ACCEPTED", "UNKNOWN_SESSION"], ignoreOrder: true);
        CommandSchemas.CommandResultType.Values.ShouldBe(["ACCEPTED", "CANCELED_RESERVATION", "EVSE_OCCUPIED", "EVSE_INOPERATIVE",
            "FAILED", "NOT_SUPPORTED", "REJECTED", "TIMEOUT", "UNKNOWN_RESERVATION"], ignoreOrder: true);
    }

    [Fact]
    public void every_command_type_has_its_object() =>
        CommandSchemas.CommandTypes.Select(CommandSchemas.ObjectFor).ShouldAllBe(s => s != null);

    [Fact]
    public void an_unknown_command_type_has_no_object() => CommandSchemas.ObjectFor("START_CHARGING").ShouldBeNull();

    [Fact]
    public void the_base_documents_are_valid()
    {
        CommandSchemas.StartSessionObject.ShouldValidate(StartSession);
        CommandSchemas.ReserveNowObject.ShouldValidate(ReserveNow);
        CommandSchemas.StopSessionObject.ShouldValidate(JsonNode.Parse($$"""{"response_url": {{Url}}, "session_id": "S1"}""")!);
        CommandSchemas.CancelReservationObject.ShouldValidate(JsonNode.Parse($$"""{"response_url": {{Url}}, "reservation_id": "ABC123"}""")!);
        CommandSchemas.UnlockConnectorObject.ShouldValidate(
            JsonNode.Parse($$"""{"response_url": {{Url}}, "location_id": "L", "evse_uid": "E", "connector_id": "1"}""")!);
    }

    [Theory]
    [InlineData("response_url")]
    [InlineData("token")]
    [InlineData("location_id")]
    public void start_session_without_a_required_field_is_refused_by_its_path(string path) =>
        CommandSchemas.StartSessionObject.ShouldRefuse(StartSession.Without(path), path, "required field is missing");

    [Fact]
    public void start_session_with_a_connector_but_no_evse_is_refused() =>
        CommandSchemas.StartSessionObject.ShouldRefuse(StartSession.Without("evse_uid"), "evse_uid", "required when connector_id is set");

    [Fact]
    public void start_session_without_connector_nor_evse_is_valid() =>
        CommandSchemas.StartSessionObject.ShouldValidate(StartSession.Without("connector_id").Without("evse_uid"));

    [Fact]
    public void the_token_inside_a_command_is_checked_against_the_token_table() =>
        CommandSchemas.StartSessionObject.ShouldRefuse(StartSession.Without("token.whitelist"), "token.whitelist", "required field is missing");

    [Fact]
    public void a_relative_response_url_is_refused() =>
        CommandSchemas.ReserveNowObject.ShouldRefuse(ReserveNow.WithJson("response_url", "\"/commands/1\""), "response_url", "absolute");

    [Fact]
    public void a_response_url_beyond_255_characters_is_refused() =>
        CommandSchemas.ReserveNowObject.ShouldRefuse(
            ReserveNow.With("response_url", "https://e.example/" + new string('a', 240)), "response_url", "max 255");

    [Fact]
    public void a_reservation_id_beyond_36_characters_is_refused() =>
        CommandSchemas.ReserveNowObject.ShouldRefuse(ReserveNow.WithJson("reservation_id", JsonString(37)), "reservation_id", "max 36");

    [Fact]
    public void the_diagrams_command_response_is_valid() =>
        CommandSchemas.CommandResponse.ShouldValidate(JsonNode.Parse(
            """{"result": "ACCEPTED", "timeout": 30, "message": [{"language": "en", "text": "Forwarded"}]}""")!);

    [Fact]
    public void a_command_response_without_timeout_is_refused() =>
        CommandSchemas.CommandResponse.ShouldRefuse(JsonNode.Parse("""{"result": "ACCEPTED"}""")!, "timeout", "required field is missing");

    [Fact]
    public void timeout_moved_to_the_result_type_in_2_2_and_is_not_a_response_value() =>
        CommandSchemas.CommandResponse.ShouldRefuse(JsonNode.Parse("""{"result": "TIMEOUT", "timeout": 30}""")!, "result", "not a valid");

    [Theory]
    [InlineData("ACCEPTED")]
    [InlineData("CANCELED_RESERVATION")]
    [InlineData("TIMEOUT")]
    [InlineData("UNKNOWN_RESERVATION")]
    public void a_command_result_of_a_known_type_is_valid(string result) =>
        CommandSchemas.CommandResult.ShouldValidate(JsonNode.Parse($$"""{"result": "{{result}}"}""")!);

    [Fact]
    public void a_command_result_of_an_unknown_type_is_refused() =>
        CommandSchemas.CommandResult.ShouldRefuse(JsonNode.Parse("""{"result": "DONE"}""")!, "result", "not a valid CommandResultType");

    [Fact]
    public void a_command_result_message_must_be_display_texts() =>
        CommandSchemas.CommandResult.ShouldRefuse(JsonNode.Parse("""{"result": "FAILED", "message": [{"text": "no cable"}]}""")!,
            "message[0].language", "required field is missing");
}
