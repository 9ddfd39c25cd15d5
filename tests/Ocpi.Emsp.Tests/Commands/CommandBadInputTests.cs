using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Commands;

/// <summary>
/// Refused requests store nothing: the internal API's POST (400 naming the field, 404 for a CPO we do not know, 409 for
/// a CPO that takes no commands), and the CPO's result POST (HTTP 400 for bad JSON, 2001 for a bad CommandResult,
/// 404/2001 for a command that is not the caller's).
/// </summary>
public sealed class CommandBadInputTests(CommandsFixture emsp) : IClassFixture<CommandsFixture>
{
    public static TheoryData<string, string> BadRequests => new()
    {
        { "{", "" },
        { "[]", "(body)" },
        { """{"type": "STOP_SESSION", "request": {"session_id": "S1"}}""", "cpo" },
        { """{"cpo": {"country_code": "DEU", "party_id": "CPX"}, "type": "STOP_SESSION", "request": {"session_id": "S1"}}""", "cpo.country_code" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "request": {"session_id": "S1"}}""", "type" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "START_CHARGING", "request": {}}""", "type" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "STOP_SESSION"}""", "request" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "STOP_SESSION", "request": {}}""", "request.session_id" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "STOP_SESSION", "request": {"session_id": 7}}""", "request.session_id" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "STOP_SESSION", "request": {"session_id": "S1", "response_url": "http://x.example/r"}}""", "request.response_url" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "UNLOCK_CONNECTOR", "request": {"location_id": "L", "evse_uid": "E"}}""", "request.connector_id" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "START_SESSION", "request": {"location_id": "L"}}""", "request.token" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "START_SESSION", "request": {"token": {"uid": "NOPE", "type": "RFID"}, "location_id": "L"}}""", "request.token" },
        { """{"cpo": {"country_code": "DE", "party_id": "CPX"}, "type": "START_SESSION", "request": {"token": {"uid": "T1", "country_code": "DE", "party_id": "CPX"}, "location_id": "L"}}""", "request.token" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task a_bad_command_request_is_refused_with_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await emsp.CommandCountAsync();

        var response = await emsp.PostRawCommandAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        if (field.Length > 0)
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _)
                .ShouldBeTrue(await response.Content.ReadAsStringAsync());
        (await emsp.CommandCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task start_session_with_a_blocked_token_is_refused_and_nothing_is_sent()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var token = await emsp.OurTokenAsync(valid: false);

        var response = await emsp.PostCommandAsync(cpo.Options.Party, "START_SESSION", CommandsFixture.RequestOf("START_SESSION", token));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not valid");
        cpo.ReceivedCommands.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_command_for_a_cpo_we_are_not_registered_with_is_refused_with_404()
    {
        var before = await emsp.CommandCountAsync();
        var response = await emsp.PostCommandAsync(new PartyRef("ZZ", "ZZZ"), "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.CommandCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_command_for_a_cpo_without_a_commands_receiver_is_refused_with_409()
    {
        var options = new CpoSimulatorOptions { Party = Infrastructure.EmspFixture.NextParty() };
        options.Modules.RemoveAll(m => m.Module == ModuleId.Commands);
        var (cpo, _) = await emsp.RegisteredCpoAsync(options);
        var before = await emsp.CommandCountAsync();

        var response = await emsp.PostCommandAsync(cpo.Options.Party, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await emsp.CommandCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_result_posted_by_another_partner_is_refused_with_404_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.Result = null;
        var id = await emsp.RequestAsync(cpo.Options.Party, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));
        await emsp.WaitForStatusAsync(id, "ACCEPTED");
        var events = await emsp.EventCountAsync(id);

        var answer = await other.PostCommandResultAsync(cpo.ReceivedCommands[0].ResponseUrl, "ACCEPTED");

        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        answer.StatusCode.ShouldBe(2001);
        (await emsp.EventCountAsync(id)).ShouldBe(events);
        (await emsp.CommandAsync(id)).TryGetProperty("result", out _).ShouldBeFalse();
        // The right partner is still heard afterwards.
        (await cpo.PostCommandResultAsync(cpo.ReceivedCommands[0].ResponseUrl, "ACCEPTED")).StatusCode.ShouldBe(1000);
    }

    public static TheoryData<string, HttpStatusCode, int?> BadResults => new()
    {
        { "{", HttpStatusCode.BadRequest, null },
        { """{"result": "DONE"}""", HttpStatusCode.OK, 2001 },
        { """{"message": [{"language": "en", "text": "ok"}]}""", HttpStatusCode.OK, 2001 },
        { """{"result": "ACCEPTED", "message": "ok"}""", HttpStatusCode.OK, 2001 },
        { "[]", HttpStatusCode.OK, 2001 },
    };

    [Theory]
    [MemberData(nameof(BadResults))]
    public async Task a_bad_command_result_is_refused_by_the_spec_status_rules_and_stores_nothing(string body, HttpStatusCode http, int? ocpi)
    {
        var (cpo, id) = await AcceptedWithoutResultAsync();
        var events = await emsp.EventCountAsync(id);

        var answer = await cpo.PostCommandResultAsync(cpo.ReceivedCommands[0].ResponseUrl, "", rawBody: body);

        answer.HttpStatus.ShouldBe(http);
        answer.StatusCode.ShouldBe(ocpi ?? 2000);
        (await emsp.EventCountAsync(id)).ShouldBe(events);
    }

    [Theory]
    [InlineData("STOP_SESSION", "unknown-id")]
    [InlineData("UNLOCK_CONNECTOR", null)]
    [InlineData("stop_session", null)]
    public async Task a_result_for_an_unknown_or_mistyped_url_is_refused_with_404_2001(string type, string? id)
    {
        var (cpo, commandId) = await AcceptedWithoutResultAsync();
        var events = await emsp.EventCountAsync(commandId);

        var answer = await cpo.PostCommandResultAsync($"{Infrastructure.EmspFixture.PublicUrl}/ocpi/2.3.0/commands/{type}/{id ?? commandId}", "ACCEPTED");

        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        answer.StatusCode.ShouldBe(2001);
        (await emsp.EventCountAsync(commandId)).ShouldBe(events);
    }

    [Fact]
    public async Task a_result_without_credentials_is_refused_with_401()
    {
        var (cpo, id) = await AcceptedWithoutResultAsync();
        var events = await emsp.EventCountAsync(id);
        var answer = await cpo.CallEmspAsync(HttpMethod.Post, cpo.ReceivedCommands[0].ResponseUrl, null, new JsonObject { ["result"] = "ACCEPTED" });
        answer.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await emsp.EventCountAsync(id)).ShouldBe(events);
    }

    [Theory]
    [InlineData("status=DONE", "status")]
    [InlineData("type=START", "type")]
    [InlineData("cpo=NETHERLANDS", "cpo")]
    [InlineData("limit=0", "limit")]
    public async Task a_bad_list_query_is_refused_with_400_naming_the_parameter(string query, string parameter)
    {
        var response = await emsp.InternalApi().GetAsync("/api/commands?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task the_internal_api_needs_the_api_key()
    {
        var client = emsp.Host.Server.CreateClient();
        (await client.GetAsync("/api/commands")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/api/commands", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(CpoSimulator.CpoSimulator Cpo, string Id)> AcceptedWithoutResultAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.Result = null;
        var id = await emsp.RequestAsync(cpo.Options.Party, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));
        await emsp.WaitForStatusAsync(id, "ACCEPTED");
        return (cpo, id);
    }
}
