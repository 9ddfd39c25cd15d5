using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Sessions;

namespace Ocpi.Emsp.Tests.Receivers;

/// <summary>The group commit's connections go through a proxy that can cut one of them in the middle of a write batch.</summary>
public sealed class CommitOutcomeFixture : EmspFixture, IAsyncLifetime
{
    public CuttingPostgresProxy Proxy { get; private set; } = null!;

    protected override void Configure(IWebHostBuilder builder)
    {
        // The group commit's events insert; no other writer's statement has this text.
        Proxy = new CuttingPostgresProxy(ConnectionString, "mt_events (seq_id");
        builder.UseSetting("ConnectionStrings:GroupCommit", Proxy.ConnectionString);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

/// <summary>
/// A batch whose connection breaks after it was sent has an unknown outcome: the group commit looks its events up and
/// never decides a push again while it may be stored. Session PATCHes with charging periods show a push stored twice.
/// </summary>
public sealed class CommitOutcomeTests(CommitOutcomeFixture emsp) : IClassFixture<CommitOutcomeFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task pushes_of_a_batch_committed_but_never_answered_are_answered_as_decided_and_stored_once()
    {
        await PushesThroughACutBatchAreStoredOnceAsync(ProxyCut.AfterTheCommit);
    }

    [Fact]
    public async Task pushes_of_a_batch_cut_before_its_events_reached_the_database_are_decided_again_and_stored_once()
    {
        await PushesThroughACutBatchAreStoredOnceAsync(ProxyCut.BeforeTheStatement);
    }

    [Fact]
    public async Task a_session_patch_repeated_after_it_was_stored_does_not_add_its_charging_periods_again()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PutActiveSessionAsync(cpo, "REPEAT");
        var url = SessionPushTests.SessionUrl(cpo, "REPEAT");

        for (var i = 0; i < 2; i++)
            (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: PeriodPatch().ToJsonString())).StatusCode.ShouldBe(1000);

        var periods = (await SessionPushTests.GetAsync(cpo, url))["charging_periods"]!.AsArray();
        periods.Count.ShouldBe(2);
        JsonNode.DeepEquals(periods[1], PeriodPatch()["charging_periods"]![0]).ShouldBeTrue();
    }

    private async Task PushesThroughACutBatchAreStoredOnceAsync(ProxyCut cut)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        string[] patched = ["P1", "P2", "P3"];
        string[] created = ["N1", "N2"];
        foreach (var id in patched) await PutActiveSessionAsync(cpo, id);

        var cutDone = emsp.Proxy.Arm(cut);
        var patches = patched.Select(id => cpo.CallEmspAsync(HttpMethod.Patch, SessionPushTests.SessionUrl(cpo, id), cpo.TokenForEmsp,
            rawBody: PeriodPatch().ToJsonString()));
        var puts = created.Select(id => cpo.CallEmspAsync(HttpMethod.Put, SessionPushTests.SessionUrl(cpo, id), cpo.TokenForEmsp,
            rawBody: ActiveSession(cpo, id).ToJsonString()));
        var answers = await Task.WhenAll(patches.Concat(puts)).WaitAsync(Generous);

        await cutDone.WaitAsync(Generous);
        answers.Take(patched.Length).ShouldAllBe(a => a.HttpStatus == HttpStatusCode.OK && a.StatusCode == 1000);
        answers.Skip(patched.Length).ShouldAllBe(a => a.HttpStatus == HttpStatusCode.Created && a.StatusCode == 1000);
        foreach (var id in patched)
        {
            (await emsp.EventTypesAsync(SessionPushTests.Key(cpo, id))).ShouldBe(["SessionPut", "SessionPatched"], id);
            var stored = await SessionPushTests.GetAsync(cpo, SessionPushTests.SessionUrl(cpo, id));
            stored["charging_periods"]!.AsArray().Count.ShouldBe(2, id);
            stored["kwh"]!.GetValue<decimal>().ShouldBe(4.5m);
        }
        foreach (var id in created)
            (await emsp.EventTypesAsync(SessionPushTests.Key(cpo, id))).ShouldBe(["SessionPut"], id);
    }

    private async Task PutActiveSessionAsync(CpoSimulator.CpoSimulator cpo, string id)
    {
        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionPushTests.SessionUrl(cpo, id), cpo.TokenForEmsp,
            rawBody: ActiveSession(cpo, id).ToJsonString());
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
    }

    private static JsonObject ActiveSession(CpoSimulator.CpoSimulator cpo, string id)
    {
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = id;
        session["start_date_time"] = "2019-06-23T08:00:00Z";
        session["last_updated"] = "2019-06-23T08:00:00Z";
        session["status"] = "ACTIVE";
        session["kwh"] = 1.2;
        session["charging_periods"] = new JsonArray(Period("2019-06-23T08:00:00Z", 1.2));
        return session;
    }

    /// <summary>A PATCH that appends one charging period: stored twice, the Session would show three.</summary>
    private static JsonObject PeriodPatch() => new()
    {
        ["kwh"] = 4.5,
        ["charging_periods"] = new JsonArray(Period("2019-06-23T08:05:00Z", 3.3)),
        ["last_updated"] = "2019-06-23T08:05:00Z",
    };

    private static JsonObject Period(string start, double kwh) => new()
    {
        ["start_date_time"] = start,
        ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = kwh }),
    };
}
