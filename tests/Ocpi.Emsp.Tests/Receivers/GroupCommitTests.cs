using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Sessions;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Receivers;

/// <summary>One write transaction at a time, so that concurrent pushes certainly share one.</summary>
public sealed class GroupCommitFixture : EmspFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Emsp:WriteTransactions", "1");
}

/// <summary>
/// Concurrent pushes share transactions (<see cref="GroupCommit"/>): each event still carries its own request's
/// metadata, a write of another node in between is caught and the write redone on the new state, and a decision that
/// throws fails its own push only.
/// </summary>
public sealed class GroupCommitTests(GroupCommitFixture emsp) : IClassFixture<GroupCommitFixture>
{
    private GroupCommit GroupCommit => emsp.Host.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task concurrent_pushes_of_two_cpos_share_transactions_and_each_event_carries_its_own_request()
    {
        var (first, firstPartner) = await emsp.RegisteredCpoAsync();
        var (second, secondPartner) = await emsp.RegisteredCpoAsync();
        var pushes = Enumerable.Range(0, 40).Select(i => (Cpo: i % 2 == 0 ? first : second, Partner: i % 2 == 0 ? firstPartner : secondPartner,
            SessionId: $"GC{i:D3}", RequestId: Guid.NewGuid().ToString())).ToList();

        var answers = await Task.WhenAll(pushes.Select(p =>
        {
            var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", p.Cpo.Options.Party);
            session["id"] = p.SessionId;
            return p.Cpo.CallEmspAsync(HttpMethod.Put, SessionPushTests.SessionUrl(p.Cpo, p.SessionId), p.Cpo.TokenForEmsp,
                rawBody: session.ToJsonString(),
                headers: new Dictionary<string, string> { [OcpiHeaders.RequestId] = p.RequestId, [OcpiHeaders.CorrelationId] = "corr-" + p.RequestId });
        }));

        answers.ShouldAllBe(a => a.HttpStatus == HttpStatusCode.Created && a.StatusCode == 1000);
        await using var query = emsp.Store.QuerySession();
        foreach (var push in pushes)
        {
            var stored = (await query.Events.FetchStreamAsync(SessionPushTests.Key(push.Cpo, push.SessionId))).ShouldHaveSingleItem();
            stored.CausationId.ShouldBe(push.RequestId);
            stored.CorrelationId.ShouldBe("corr-" + push.RequestId);
            stored.Headers![EventMetadata.RequestIdHeader].ToString().ShouldBe(push.RequestId);
            stored.Headers![EventMetadata.PartnerHeader].ToString().ShouldBe(push.Partner);
            (await query.LoadAsync<SessionView>(SessionPushTests.Key(push.Cpo, push.SessionId)))!.PartnerId.ShouldBe(push.Partner);
        }
        var transactions = await TransactionsOfAsync(pushes.Select(p => SessionPushTests.Key(p.Cpo, p.SessionId)));
        transactions.ShouldBeLessThan(pushes.Count, "40 concurrent pushes with one write transaction at a time must share transactions");
    }

    [Fact]
    public async Task a_write_of_another_node_between_load_and_commit_is_caught_and_the_push_decided_again_on_the_new_state()
    {
        var key = await StoredSessionAsync();
        var seen = new List<(long Version, decimal? Kwh)>();
        var write = new StreamWrite<SessionView>(key, Stamp("req-ours"), stream =>
        {
            seen.Add((stream.Aggregate!.Version, stream.Aggregate.Kwh));
            if (seen.Count == 1) AppendAsAnotherNode(key, "req-other");
            stream.AppendOne(new SessionPatched(JsonNode.Parse("""{"kwh": 7}""")!.AsObject()));
            return OcpiResults.Ok();
        }, CancellationToken.None);

        var answer = await GroupCommit.WriteAsync(write);

        answer.ShouldNotBeNull();
        seen.ShouldBe([(1, 0m), (2, 3m)], "decided once on the loaded view, then again on the view with the other node's PATCH (kwh 3)");
        await using var query = emsp.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(key);
        events.Select(e => (e.Data.GetType().Name, e.CausationId)).ShouldBe(
            [("SessionPut", "req-put"), ("SessionPatched", "req-other"), ("SessionPatched", "req-ours")]);
        (await query.LoadAsync<SessionView>(key))!.Version.ShouldBe(3);
    }

    [Fact]
    public async Task a_write_of_another_node_is_caught_before_a_sequence_number_is_taken_so_the_sequence_has_no_gap()
    {
        var key = await StoredSessionAsync();
        var before = await SequenceAsync();
        var decisions = 0;
        var write = new StreamWrite<SessionView>(key, Stamp("req-ours"), stream =>
        {
            if (++decisions == 1) AppendAsAnotherNode(key, "req-other");
            stream.AppendOne(new SessionPatched(JsonNode.Parse("""{"kwh": 7}""")!.AsObject()));
            return OcpiResults.Ok();
        }, CancellationToken.None);

        await GroupCommit.WriteAsync(write);

        decisions.ShouldBe(2);
        var after = await SequenceAsync();
        after.ShouldBe(before + 2, "two events stored (the other node's and ours), two sequence numbers taken");
        await using var query = emsp.Store.QuerySession();
        (await query.Events.FetchStreamAsync(key)).Skip(1).Select(e => e.Sequence).ShouldBe([before + 1, before + 2]);
    }

    [Fact]
    public async Task a_decision_that_throws_fails_its_own_push_and_the_others_of_its_transaction_are_committed()
    {
        using var release = new SemaphoreSlim(0);
        var blocker = NewSession(stream =>
        {
            release.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
            return null;
        });
        var blocked = GroupCommit.WriteAsync(blocker.Write);
        // While the blocker holds the only write transaction, three writes queue up and then go in one transaction.
        var failing = NewSession(_ => throw new InvalidOperationException("decision failed"));
        var first = NewSession(_ => null);
        var second = NewSession(_ => null);
        var queued = new[] { failing, first, second }.Select(w => GroupCommit.WriteAsync(w.Write)).ToList();
        release.Release();

        (await blocked).ShouldNotBeNull();
        (await Should.ThrowAsync<InvalidOperationException>(queued[0])).Message.ShouldBe("decision failed");
        (await queued[1]).ShouldNotBeNull();
        (await queued[2]).ShouldNotBeNull();
        (await emsp.EventTypesAsync(failing.Key)).ShouldBeEmpty();
        (await emsp.EventTypesAsync(first.Key)).ShouldBe(["SessionPut"]);
        (await emsp.EventTypesAsync(second.Key)).ShouldBe(["SessionPut"]);
        (await TransactionsOfAsync([first.Key, second.Key])).ShouldBe(1);
    }

    /// <summary>A write creating a new Session stream; <paramref name="before"/> runs first and may throw or block.</summary>
    private static (string Key, StreamWrite<SessionView> Write) NewSession(Func<IObjectStream<SessionView>, object?> before)
    {
        var id = NewId();
        var key = KeyOf(id);
        var session = SpecExamples.Load("session_example_1_simple_start.json");
        session["id"] = id;
        return (key, new StreamWrite<SessionView>(key, Stamp("req-" + id), stream =>
        {
            before(stream);
            stream.AppendOne(new SessionPut("DE", "GCT", id, session));
            return OcpiResults.Ok(StatusCodes.Status201Created);
        }, CancellationToken.None));
    }

    private async Task<string> StoredSessionAsync()
    {
        var id = NewId();
        var key = KeyOf(id);
        var pushed = SpecExamples.Load("session_example_1_simple_start.json");
        pushed["id"] = id;
        await using var session = emsp.Store.LightweightSession();
        Stamp("req-put").ApplyTo(session);
        session.Events.StartStream<SessionView>(key, new SessionPut("DE", "GCT", id, pushed));
        await session.SaveChangesAsync();
        return key;
    }

    private static string NewId() => "GC-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static string KeyOf(string sessionId) => $"session:DE-GCT:{sessionId}";

    /// <summary>What another node's lone write does: lock the stream, append, commit.</summary>
    private void AppendAsAnotherNode(string key, string requestId)
    {
        using var session = emsp.Store.LightweightSession();
        Stamp(requestId).ApplyTo(session);
        var stream = session.Events.FetchForExclusiveWriting<SessionView>(key).GetAwaiter().GetResult();
        stream.AppendOne(new SessionPatched(JsonNode.Parse("""{"kwh": 3}""")!.AsObject()));
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }

    private static EventStamp Stamp(string requestId) =>
        new("corr-" + requestId, requestId, [new(EventMetadata.SourceHeader, "test"), new(EventMetadata.RequestIdHeader, requestId)]);

    /// <summary>The last number mt_events_sequence gave out.</summary>
    private async Task<long> SequenceAsync()
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select last_value from emsp.mt_events_sequence", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>How many transactions wrote the events of these streams (rows inserted by one transaction share its xmin).</summary>
    private async Task<int> TransactionsOfAsync(IEnumerable<string> streamKeys)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(distinct xmin::text) from emsp.mt_events where stream_id = any($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamKeys.ToArray() });
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
