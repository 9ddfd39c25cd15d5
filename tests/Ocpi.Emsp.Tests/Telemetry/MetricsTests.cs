using System.Net;
using System.Net.Http.Json;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Sessions;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Telemetry;

/// <summary>
/// /metrics (Prometheus text) after a partner's day in small: the counters count what the partner did, labelled with
/// its party, and the gauges read from the database show its token push and pull sync state.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests(TelemetryFixture emsp)
{
    [Fact]
    public async Task metrics_count_a_partners_pushes_requests_and_authorizations_under_its_party_and_show_its_sync_state()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var party = $"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}";
        await emsp.WaitUntilInSyncAsync(partnerId);

        const int pushes = 3;
        for (var i = 1; i <= pushes; i++)
        {
            var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
            session["id"] = $"M{i}";
            var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionPushTests.SessionUrl(cpo, $"M{i}"), cpo.TokenForEmsp, rawBody: session.ToJsonString());
            put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        }
        var uid = "M" + Guid.NewGuid().ToString("N")[..10];
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Eventually.HoldsAsync(() => cpo.Requests.Any(r => r.Path.StartsWith($"/ocpi/2.3.0/tokens/NL/EMS/{uid}")), "the token push");
        var authorization = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp);
        authorization.Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        (await emsp.InternalApi().PostAsync($"/api/partners/{partnerId}/sync?modules=sessions", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await emsp.WaitUntilInSyncAsync(partnerId);

        IReadOnlyList<Sample> samples = [];
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                samples = await emsp.ScrapeAsync();
                return samples.Any(s => s.Name == "emsp_pull_last_success_age_seconds" && s.Has("partner", party) && s.Has("module", "sessions"))
                    && samples.Any(s => s.Name == "emsp_token_push_in_sync" && s.Has("partner", party) && s.Value == 1);
            }, "the pull run and the token sync state in the gauges");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + ": " + string.Join("\n", samples.Where(s => s.Name.StartsWith("emsp_pull") || s.Name.StartsWith("emsp_token"))), e);
        }

        Sample One(string name, params (string Label, string Value)[] labels) =>
            samples.Single(s => s.Name == name && labels.All(l => s.Has(l.Label, l.Value)));
        One("emsp_pushes_stored_total", ("module", "sessions"), ("partner", party), ("source", "ocpi")).Value.ShouldBe(pushes);
        One("emsp_ocpi_request_duration_seconds_count", ("module", "sessions"), ("partner", party), ("method", "PUT"), ("status", "201"))
            .Value.ShouldBe(pushes);
        One("emsp_ocpi_request_duration_seconds_count", ("module", "tokens"), ("partner", party), ("method", "POST"), ("status", "200"))
            .Value.ShouldBe(1);
        One("emsp_authorization_duration_seconds_count", ("partner", party), ("outcome", "ALLOWED")).Value.ShouldBe(1);
        One("emsp_authorization_duration_seconds_sum", ("partner", party), ("outcome", "ALLOWED")).Value.ShouldBeGreaterThan(0);
        samples.Single(s => s.Name == "emsp_group_commit_batch_size_count").Value.ShouldBeGreaterThanOrEqualTo(pushes);
        One("emsp_token_push_lag_seconds", ("partner", party)).Value.ShouldBe(0);
        One("emsp_pull_failing", ("partner", party), ("module", "sessions")).Value.ShouldBe(0);
        One("emsp_outbox_depth", ("table", "outgoing")).Value.ShouldBeGreaterThanOrEqualTo(0);
        samples.Where(s => s.Name == "emsp_projection_lag").Select(s => s.Labels["projection"]).ShouldContain("BillingLine:All");
        samples.Where(s => s.Name == "emsp_projection_lag").ShouldAllBe(s => s.Value >= 0 && s.Labels["projection"].Contains(':'));
        // No token anywhere in the labels: partners are named by party.
        samples.SelectMany(s => s.Labels.Values).ShouldNotContain(cpo.TokenForEmsp!);
        samples.SelectMany(s => s.Labels.Values).ShouldNotContain(partnerId);
    }

    [Fact]
    public async Task a_request_refused_before_authentication_is_counted_without_a_partner()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var before = await CountAsync();

        var refused = await cpo.CallEmspAsync(HttpMethod.Get, SessionPushTests.SessionUrl(cpo, "R1"), "not-a-token");

        refused.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        await Eventually.HoldsAsync(async () => await CountAsync() == before + 1, "the refused request counted");

        async Task<double> CountAsync() => (await emsp.ScrapeAsync())
            .Where(s => s.Name == "emsp_ocpi_request_duration_seconds_count" && s.Has("module", "sessions") && s.Has("partner", "none")
                && s.Has("method", "GET") && s.Has("status", "401"))
            .Sum(s => s.Value);
    }
}
