using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Commands;

/// <summary>
/// The service restarts between sending commands and their results: a result posted after the restart is still matched
/// to its command, and the timeout of another (scheduled durably before the restart) still fires after it.
/// </summary>
public sealed class CommandRestartTests
{
    private static async Task<string> RequestAsync(IAlbaHost host, global::Ocpi.Protocol.Common.PartyRef cpo, string type)
    {
        var body = new JsonObject
        {
            ["cpo"] = new JsonObject { ["country_code"] = cpo.CountryCode, ["party_id"] = cpo.PartyId }, ["type"] = type,
            ["request"] = CommandsFixture.RequestOf(type),
        };
        var response = await host.Api().PostAsync("/api/commands", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> WaitForStatusAsync(IAlbaHost host, string id, string status)
    {
        JsonElement command = default;
        await Eventually.HoldsAsync(async () =>
            (command = await host.Api().GetFromJsonAsync<JsonElement>($"/api/commands/{id}")).GetProperty("status").GetString() == status,
            $"command {id} {status}", TimeSpan.FromSeconds(90));
        return command;
    }

    [Fact]
    public async Task after_a_restart_a_result_is_still_matched_and_a_timeout_still_fires()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("commandrestart");
        var first = await RestartableHost.StartAsync(connectionString);
        await using var cpo = await CpoSimulator.CpoSimulator.StartAsync(new() { Party = EmspFixture.NextParty() }, first.Server.CreateHandler());
        var invitation = await (await first.Api().PostAsJsonAsync("/api/partners/invitations", new { })).Content.ReadFromJsonAsync<JsonElement>();
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, invitation.GetProperty("token_a").GetString()!)).StatusCode.ShouldBe(1000);
        cpo.Commands.Result = null;
        // Long enough that the timeout cannot fire before the first host is gone, even on a loaded machine.
        cpo.Commands.Timeout = 20;

        var answered = await RequestAsync(first, cpo.Options.Party, "UNLOCK_CONNECTOR");
        var unanswered = await RequestAsync(first, cpo.Options.Party, "STOP_SESSION");
        await WaitForStatusAsync(first, answered, "ACCEPTED");
        await WaitForStatusAsync(first, unanswered, "ACCEPTED");
        await first.DisposeAsync();

        await using var second = await RestartableHost.StartAsync(connectionString);
        cpo.ReachEmspThrough(second.Server.CreateHandler());
        var responseUrl = cpo.ReceivedCommands.Single(c => c.Type == "UNLOCK_CONNECTOR").ResponseUrl;

        (await cpo.PostCommandResultAsync(responseUrl, "ACCEPTED")).StatusCode.ShouldBe(1000);

        var result = await second.Api().GetFromJsonAsync<JsonElement>($"/api/commands/{answered}");
        result.GetProperty("result").GetProperty("result").GetString().ShouldBe("ACCEPTED");
        var timedOut = await WaitForStatusAsync(second, unanswered, "TIMEOUT");
        CommandsFixture.Timeline(timedOut)[^1].ShouldBe("command_timed_out");
        // The answered command's own timeout, also scheduled before the restart, changes nothing.
        (await second.Api().GetFromJsonAsync<JsonElement>($"/api/commands/{answered}")).GetProperty("status").GetString().ShouldBe("ACCEPTED");
    }
}
