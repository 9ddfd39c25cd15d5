using Ocpi.Emsp.Tests.Infrastructure;
using System.Text.Json;
using Ocpi.Emsp.ChargingProfiles;
using static Ocpi.Emsp.Tests.ChargingProfiles.ChargingProfilesFixture;

namespace Ocpi.Emsp.Tests.ChargingProfiles;

/// <summary>
/// Charging profile requests that do not end with their awaited result: a result that never comes (TIMEOUT at the CPO's
/// timeout plus our grace), one that comes too late, and results for requests the CPO refused or never got.
/// </summary>
public sealed class ChargingProfileTimeoutTests(ChargingProfilesFixture emsp) : IClassFixture<ChargingProfilesFixture>
{
    [Fact]
    public async Task a_result_that_never_comes_ends_as_timeout_and_a_late_result_is_recorded_but_changes_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.Result = null;
        cpo.ChargingProfiles.Timeout = 1;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        var id = await emsp.SetAsync(path);
        var timedOut = await emsp.WaitForStatusAsync(path, id, "TIMEOUT", TimeSpan.FromSeconds(60));

        var request = Request(timedOut, id);
        request.GetProperty("timeout").GetInt32().ShouldBe(1);
        request.TryGetProperty("result", out _).ShouldBeFalse();
        Timeline(timedOut)[^1].ShouldBe("charging_profile_timed_out");
        timedOut.GetProperty("timeline").EnumerateArray().Last().GetProperty("data").GetProperty("deadline").GetDateTimeOffset()
            .ShouldBe(request.GetProperty("deadline").GetDateTimeOffset());
        timedOut.TryGetProperty("set_profile", out _).ShouldBeFalse("never confirmed");

        var responseUrl = cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;
        var late = await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "ACCEPTED" });

        late.StatusCode.ShouldBe(1000);
        late.Envelope!.Value.GetProperty("status_message").GetString()!.ShouldContain("late");
        var after = await emsp.HistoryAsync(path);
        request = Request(after, id);
        request.GetProperty("status").GetString().ShouldBe("TIMEOUT");
        request.TryGetProperty("result", out _).ShouldBeFalse();
        request.GetProperty("late_result").GetProperty("result").GetString().ShouldBe("ACCEPTED");
        request.GetProperty("ignored_results").GetInt32().ShouldBe(1);
        after.TryGetProperty("set_profile", out _).ShouldBeFalse("a late result is not applied");
        Timeline(after)[^1].ShouldBe("charging_profile_result_ignored");
    }

    [Fact]
    public async Task a_cpo_answering_5xx_ends_as_send_failed_and_a_result_posted_anyway_is_recorded_as_ignored()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.HttpStatus = 503;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        var id = await emsp.SetAsync(path);
        var failed = await emsp.WaitForStatusAsync(path, id, "SEND_FAILED");
        Request(failed, id).GetProperty("failure_reason").GetString()!.ShouldContain("503");

        var responseUrl = cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;
        var answer = await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "ACCEPTED" });

        answer.StatusCode.ShouldBe(1000);
        answer.Envelope!.Value.GetProperty("status_message").GetString()!.ShouldContain("not_expected");
        var after = await emsp.HistoryAsync(path);
        Request(after, id).GetProperty("status").GetString().ShouldBe("SEND_FAILED");
        Request(after, id).TryGetProperty("result", out _).ShouldBeFalse();
        Request(after, id).GetProperty("ignored_results").GetInt32().ShouldBe(1);
        after.TryGetProperty("set_profile", out _).ShouldBeFalse();
        Timeline(after).ShouldBe(["charging_profile_requested", "charging_profile_send_failed", "charging_profile_result_ignored"]);
    }

    [Fact]
    public async Task a_result_for_a_request_the_cpo_rejected_is_recorded_as_ignored_and_not_applied()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.Response = "REJECTED";
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        var id = await emsp.SetAsync(path);
        await emsp.WaitForStatusAsync(path, id, "REJECTED");
        var responseUrl = cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;

        var answer = await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "ACCEPTED" });

        answer.StatusCode.ShouldBe(1000);
        answer.Envelope!.Value.GetProperty("status_message").GetString()!.ShouldContain("not_expected");
        var after = await emsp.HistoryAsync(path);
        Request(after, id).GetProperty("status").GetString().ShouldBe("REJECTED");
        Request(after, id).TryGetProperty("deadline", out _).ShouldBeFalse("no result is awaited after a refusal");
        after.TryGetProperty("set_profile", out _).ShouldBeFalse();
        (await emsp.EventTypesAsync(ChargingProfileView.StreamKey(cpo.Options.Party, sessionId)))[^1].ShouldBe(nameof(ChargingProfileResultIgnored));
    }

    [Fact]
    public async Task a_result_arriving_in_time_wins_over_the_timeout()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.Timeout = 1;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        var id = await emsp.SetAsync(path);
        var done = await emsp.WaitForAsync(path, h => Request(h, id).TryGetProperty("result", out _), "the result");
        // Its timeout message is due one second after the CPO's timeout of 1 s: wait until it must have been handled.
        var deadline = Request(done, id).GetProperty("deadline").GetDateTimeOffset();
        await Eventually.HoldsAsync(async () => DateTimeOffset.UtcNow > deadline.AddSeconds(3) && await NoScheduledTimeoutAsync(),
            "the timeout message handled", TimeSpan.FromSeconds(60));

        var after = await emsp.HistoryAsync(path);
        Request(after, id).GetProperty("status").GetString().ShouldBe("ACCEPTED");
        Timeline(after).ShouldNotContain("charging_profile_timed_out");
        after.GetProperty("set_profile").GetProperty("charging_rate_unit").GetString().ShouldBe("W");
    }

    private async Task<bool> NoScheduledTimeoutAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select count(*) from emsp.wolverine_incoming_envelopes where message_type ilike '%charging%profile%timeout%' and status in ('Scheduled', 'Incoming')",
            connection);
        return (long)(await command.ExecuteScalarAsync())! == 0;
    }
}
