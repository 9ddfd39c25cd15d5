using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using static Ocpi.Emsp.Tests.ChargingProfiles.ChargingProfilesFixture;

namespace Ocpi.Emsp.Tests.ChargingProfiles;

/// <summary>
/// The service restarts between sending charging profile requests and their results: a result posted after the restart is
/// still matched to its request, and the timeout of another (scheduled durably before the restart) still fires after it.
/// </summary>
public sealed class ChargingProfileRestartTests
{
    private static async Task<string> SetAsync(IAlbaHost host, string path)
    {
        var response = await host.Api().PutAsync(path, new StringContent(Profile, Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).ShouldBe(202);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> WaitForStatusAsync(IAlbaHost host, string path, string id, string status)
    {
        JsonElement history = default;
        await Eventually.HoldsAsync(async () =>
            Request(history = await host.Api().GetFromJsonAsync<JsonElement>(path + "/history"), id).GetProperty("status").GetString() == status,
            $"request {id} {status}", TimeSpan.FromSeconds(90));
        return history;
    }

    [Fact]
    public async Task after_a_restart_a_result_is_still_matched_and_a_timeout_still_fires()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("cprestart");
        var first = await RestartableHost.StartAsync(connectionString);
        await using var cpo = await CpoSimulator.CpoSimulator.StartAsync(new() { Party = EmspFixture.NextParty() }, first.Server.CreateHandler());
        var invitation = await (await first.Api().PostAsJsonAsync("/api/partners/invitations", new { })).Content.ReadFromJsonAsync<JsonElement>();
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, invitation.GetProperty("token_a").GetString()!)).StatusCode.ShouldBe(1000);
        cpo.ChargingProfiles.Result = null;
        // Long enough that the timeout cannot fire before the first host is gone, even on a loaded machine.
        cpo.ChargingProfiles.Timeout = 20;
        var answeredPath = Path(cpo.Options.Party, await PushSessionAsync(cpo));
        var unansweredPath = Path(cpo.Options.Party, await PushSessionAsync(cpo));

        var answered = await SetAsync(first, answeredPath);
        var unanswered = await SetAsync(first, unansweredPath);
        await WaitForStatusAsync(first, answeredPath, answered, "ACCEPTED");
        await WaitForStatusAsync(first, unansweredPath, unanswered, "ACCEPTED");
        await first.DisposeAsync();

        await using var second = await RestartableHost.StartAsync(connectionString);
        cpo.ReachEmspThrough(second.Server.CreateHandler());
        var responseUrl = cpo.ReceivedChargingProfileRequests.Single(r => answeredPath.Contains(r.SessionId)).ResponseUrl;

        (await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "ACCEPTED" })).StatusCode.ShouldBe(1000);

        var result = await second.Api().GetFromJsonAsync<JsonElement>(answeredPath + "/history");
        Request(result, answered).GetProperty("result").GetProperty("result").GetString().ShouldBe("ACCEPTED");
        result.GetProperty("set_profile").GetProperty("charging_rate_unit").GetString().ShouldBe("W");
        var timedOut = await WaitForStatusAsync(second, unansweredPath, unanswered, "TIMEOUT");
        Timeline(timedOut)[^1].ShouldBe("charging_profile_timed_out");
        // The answered request's own timeout, also scheduled before the restart, changes nothing.
        await WaitForStatusAsync(second, answeredPath, answered, "ACCEPTED");
    }
}
