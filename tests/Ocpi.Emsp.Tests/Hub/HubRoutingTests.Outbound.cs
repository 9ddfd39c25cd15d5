using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Pull;
using Ocpi.Emsp.Tests.Commands;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Pull;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Hub;

// What we send through a Hub: commands and charging profiles addressed to the CPO behind it, token broadcasts once per
// Hub, and the catch-up pull when a party is CONNECTED again.
public sealed partial class HubRoutingTests
{
    private const string Profile = """{"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 7400.0}]}""";

    [Fact]
    public async Task a_command_to_a_cpo_behind_a_hub_goes_to_the_hub_addressed_to_that_cpo_and_round_trips()
    {
        var (hub, partnerId, behind) = await HubAsync();
        var cpo = behind[0];

        var id = await emsp.RequestAsync(cpo, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));

        var command = await emsp.WaitForAsync(id, c => c.TryGetProperty("result", out _), "the result through the Hub");
        command.GetProperty("status").GetString().ShouldBe("ACCEPTED");
        command.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        var sent = hub.RequestsTo("/ocpi/2.3.0/commands/STOP_SESSION").ShouldHaveSingleItem();
        sent.Header("OCPI-to-country-code").ShouldBe(cpo.CountryCode);
        sent.Header("OCPI-to-party-id").ShouldBe(cpo.PartyId);
        sent.Header("OCPI-from-party-id").ShouldBe("EMS");
    }

    [Fact]
    public async Task a_command_and_a_charging_profile_to_a_cpo_its_hub_reports_offline_fail_fast_with_409_and_send_nothing()
    {
        var (hub, _, behind) = await HubAsync();
        var cpo = behind[0];
        var (pushed, sessionId) = await PushSessionAsync(hub, cpo);
        pushed.StatusCode.ShouldBe(1000, pushed.StatusMessage);
        await ReportAsync(hub, cpo, "OFFLINE");
        var commands = await emsp.CommandCountAsync();

        var command = await emsp.PostCommandAsync(cpo, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));
        var profile = await emsp.InternalApi().PutAsync($"/api/sessions/{cpo.CountryCode}/{cpo.PartyId}/{sessionId}/charging-profile",
            new StringContent(Profile, Encoding.UTF8, "application/json"));

        var commandProblem = await command.Content.ReadAsStringAsync();
        ((int)command.StatusCode).ShouldBe(409, commandProblem);
        commandProblem.ShouldContain("OFFLINE");
        var profileProblem = await profile.Content.ReadAsStringAsync();
        ((int)profile.StatusCode).ShouldBe(409, profileProblem);
        profileProblem.ShouldContain("OFFLINE");
        (await emsp.CommandCountAsync()).ShouldBe(commands);
        hub.RequestsTo("/ocpi/2.3.0/commands").ShouldBeEmpty();
        hub.RequestsTo("/ocpi/2.3.0/chargingprofiles").ShouldBeEmpty();
    }

    [Fact]
    public async Task a_charging_profile_for_a_session_behind_a_hub_goes_to_the_hub_addressed_to_the_cpo()
    {
        var (hub, _, behind) = await HubAsync();
        var cpo = behind[0];
        var (pushed, sessionId) = await PushSessionAsync(hub, cpo);
        pushed.StatusCode.ShouldBe(1000, pushed.StatusMessage);

        var set = await emsp.InternalApi().PutAsync($"/api/sessions/{cpo.CountryCode}/{cpo.PartyId}/{sessionId}/charging-profile",
            new StringContent(Profile, Encoding.UTF8, "application/json"));

        ((int)set.StatusCode).ShouldBe(202, await set.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(() => hub.RequestsTo($"/ocpi/2.3.0/chargingprofiles/{sessionId}").Any(), "the request at the Hub");
        var sent = hub.RequestsTo($"/ocpi/2.3.0/chargingprofiles/{sessionId}").First();
        sent.Header("OCPI-to-party-id").ShouldBe(cpo.PartyId);
        sent.Header("OCPI-to-country-code").ShouldBe(cpo.CountryCode);
    }

    [Fact]
    public async Task a_token_change_is_pushed_once_to_a_hub_with_three_cpos_behind_it_addressed_to_the_hub()
    {
        var (hub, partnerId, behind) = await HubAsync(behind: 3);
        behind.Length.ShouldBe(3);

        var uid = await emsp.OurTokenAsync();

        var path = $"/ocpi/2.3.0/tokens/NL/EMS/{uid}";
        await Eventually.HoldsAsync(async () =>
        {
            var token = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/tokens/{uid}?type=APP_USER");
            return token.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("partner_id").GetString() == partnerId);
        }, "the delivery to the Hub recorded");
        var push = hub.RequestsTo(path).ShouldHaveSingleItem();
        push.Header("OCPI-to-country-code").ShouldBe(hub.Options.Party.CountryCode);
        push.Header("OCPI-to-party-id").ShouldBe(hub.Options.Party.PartyId);
    }

    [Fact]
    public async Task a_party_reported_connected_again_triggers_a_pull_of_the_hub_that_reads_what_it_missed()
    {
        var (hub, partnerId, behind) = await HubAsync();
        var cpo = behind[0];
        await InitialPullDoneAsync(partnerId);
        await ReportAsync(hub, cpo, "OFFLINE");
        var missedId = "M" + Guid.NewGuid().ToString("N")[..12];
        hub.Serve(ModuleId.Sessions, PullFixture.Session(cpo, missedId, DateTimeOffset.UtcNow));
        var listsBefore = hub.ListRequests(ModuleId.Sessions).Count;

        await ReportAsync(hub, cpo, "CONNECTED");

        await Eventually.HoldsAsync(async () => (await emsp.EventTypesAsync(Ocpi.Receivers.StreamKeys.For("session", cpo, missedId))).Count == 1,
            "the missed session pulled");
        var pulls = hub.ListRequests(ModuleId.Sessions).Skip(listsBefore).ToList();
        pulls.ShouldNotBeEmpty();
        pulls.ShouldAllBe(r => r.Header("OCPI-to-party-id") == hub.Options.Party.PartyId, "GET all via the Hub is addressed to the Hub");
        var key = HubPartyView.StreamKey(partnerId, cpo.CountryCode, cpo.PartyId, "CPO");
        (await emsp.EventTypesAsync(key)).ShouldContain(nameof(HubPartyCatchUpPullRequested));
        var listed = (await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/hub/parties?hub={partnerId}")).GetProperty("items")[0];
        listed.GetProperty("catch_up_pull_requested_at").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task a_first_connected_report_and_a_repeated_one_trigger_no_catch_up_pull()
    {
        var (hub, partnerId, behind) = await HubAsync();

        await ReportAsync(hub, behind[0], "CONNECTED");

        var key = HubPartyView.StreamKey(partnerId, behind[0].CountryCode, behind[0].PartyId, "CPO");
        (await emsp.EventTypesAsync(key)).ShouldBe([nameof(ClientInfoReceived), nameof(ClientInfoReceived)]);
    }

    /// <summary>The registration's first pull has finished every module, so a later pull is the catch-up's.</summary>
    private async Task InitialPullDoneAsync(string partnerId) =>
        await Eventually.HoldsAsync(async () =>
        {
            await using var session = emsp.Store.QuerySession();
            var cursors = await session.Query<PullCursor>().Where(c => c.PartnerId == partnerId).ToListAsync();
            return cursors.Count == PullModules.Names.Count && cursors.All(c => c.RunStartedAt == null && c.LastRunEndedAt != null);
        }, $"the first pull of partner {partnerId}");
}
