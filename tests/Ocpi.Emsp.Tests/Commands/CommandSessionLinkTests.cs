using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Commands;

/// <summary>A START_SESSION's authorization_reference links the Session and CDR the CPO pushes later to the command.</summary>
public sealed class CommandSessionLinkTests(CommandsFixture emsp) : IClassFixture<CommandsFixture>
{
    [Fact]
    public async Task a_session_and_cdr_pushed_with_the_start_session_reference_are_linked_both_ways()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var token = await emsp.OurTokenAsync();
        var id = await emsp.RequestAsync(cpo.Options.Party, "START_SESSION", CommandsFixture.RequestOf("START_SESSION", token));
        await emsp.WaitForStatusAsync(id, "ACCEPTED");
        var reference = cpo.ReceivedCommands[0].Body.GetProperty("authorization_reference").GetString()!;

        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["authorization_reference"] = reference;
        var sessionId = session["id"]!.GetValue<string>();
        var party = cpo.Options.Party;
        (await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint("sessions")}/{party.CountryCode}/{party.PartyId}/{sessionId}",
            cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        var cdr = Cdrs.CdrExamples.Cdr(cpo);
        cdr["authorization_reference"] = reference;
        (await Cdrs.CdrExamples.PostAsync(cpo, cdr)).StatusCode.ShouldBe(1000);

        var command = await emsp.CommandAsync(id);
        var linked = command.GetProperty("sessions").EnumerateArray().ShouldHaveSingleItem();
        linked.GetProperty("id").GetString().ShouldBe(sessionId);
        linked.GetProperty("party_id").GetString().ShouldBe(party.PartyId);
        command.GetProperty("cdrs").EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(cdr["id"]!.GetValue<string>());

        var commands = await emsp.InternalApi().GetFromJsonAsync<JsonElement>(
            $"/api/sessions/{party.CountryCode}/{party.PartyId}/{sessionId}/commands");
        var linkedCommand = commands.EnumerateArray().ShouldHaveSingleItem();
        linkedCommand.GetProperty("id").GetString().ShouldBe(id);
        linkedCommand.GetProperty("type").GetString().ShouldBe("START_SESSION");
    }

    [Fact]
    public async Task a_session_without_a_command_lists_none_and_an_unknown_session_is_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var party = cpo.Options.Party;
        var session = SpecExamples.OwnedBy("session_example_2_short_finished.json", party);
        session.Remove("authorization_reference");
        var sessionId = session["id"]!.GetValue<string>();
        (await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint("sessions")}/{party.CountryCode}/{party.PartyId}/{sessionId}",
            cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);

        var commands = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/sessions/{party.CountryCode}/{party.PartyId}/{sessionId}/commands");
        commands.GetArrayLength().ShouldBe(0);
        (await emsp.InternalApi().GetAsync($"/api/sessions/{party.CountryCode}/{party.PartyId}/NOPE/commands"))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
