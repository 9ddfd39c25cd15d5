using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alba;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>
/// Two service instances on one database. Marten's HotCold daemon elects, per async projection shard, the node that
/// holds a PostgreSQL advisory lock; the lock is taken through Weasel → DistributedLock.Postgres as a session-scoped
/// lock (<c>pg_try_advisory_lock</c>, <c>UseAdvisoryLockTransaction = false</c>), all of a node's locks on one idle
/// connection. Each node stamps its own <c>Application Name</c> so that <c>pg_locks</c> ⨝ <c>pg_stat_activity</c>
/// tells which node holds the lock. A node killed instead of stopped: <see cref="AsyncDaemonKillTakeoverTests"/>.
/// </summary>
public sealed class AsyncDaemonLeadershipTests(ITestOutputHelper output)
{
    private const string ApiKey = "test-api-key";
    private const string NodeA = "emsp-node-a";
    private const string NodeB = "emsp-node-b";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task a_second_node_takes_over_the_async_daemon_when_the_leader_stops()
    {
        var database = await TestPostgres.CreateDatabaseAsync("daemon_leadership");
        var nodes = new Dictionary<string, IAlbaHost>();
        try
        {
            nodes[NodeA] = await StartNodeAsync(database, NodeA);
            nodes[NodeB] = await StartNodeAsync(database, NodeB);
            var lockKey = DaemonLockKey(nodes[NodeA]);
            DaemonLockKey(nodes[NodeB]).ShouldBe(lockKey, "both nodes must compete for the same advisory lock");
            Log($"both nodes up; the daemon's advisory lock key for PartnerRegistryStats is {lockKey}");

            // Exactly one node wins the daemon's lock; the other does not hold it.
            var holders = await EventuallyAsync(() => LockHoldersAsync(database, lockKey), h => h.Count == 1,
                "exactly one node to hold the async daemon's advisory lock");
            var leader = holders.Single();
            leader.ShouldBeOneOf(NodeA, NodeB);
            var follower = leader == NodeA ? NodeB : NodeA;
            holders.ShouldNotContain(follower);
            Log($"{leader} leads, {follower} follows");

            // The leader's daemon projects an event appended through the follower's API.
            await InviteThroughAsync(nodes[follower]);
            await EventuallyAsync(() => InvitationsAsync(nodes[follower]), n => n == 1,
                "the async PartnerRegistryStats projection to count the first invitation");
            (await LockHoldersAsync(database, lockKey)).ShouldBe([leader], "leadership must not move while the leader runs");
            Log("first invitation projected by the leader's daemon");

            // The leader stops; the follower takes the lock over and its daemon goes on projecting.
            await nodes[leader].DisposeAsync();
            nodes.Remove(leader);
            Log($"{leader} stopped");
            await EventuallyAsync(() => LockHoldersAsync(database, lockKey), h => h.SequenceEqual([follower]),
                $"{follower} to take over the async daemon's advisory lock");
            Log($"{follower} took over the lock");

            await InviteThroughAsync(nodes[follower]);
            await EventuallyAsync(() => InvitationsAsync(nodes[follower]), n => n == 2,
                "the new leader's daemon to count the second invitation");
            Log("second invitation projected by the new leader's daemon");
        }
        finally
        {
            foreach (var node in nodes.Values) await node.DisposeAsync();
        }
    }

    private static Task<IAlbaHost> StartNodeAsync(string database, string applicationName) =>
        AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten",
                new NpgsqlConnectionStringBuilder(database) { ApplicationName = applicationName }.ConnectionString);
            builder.UseSetting("Emsp:PublicUrl", "http://emsp.test");
            builder.UseSetting("Emsp:ApiKey", ApiKey);
        });

    /// <summary>
    /// The advisory lock key HotCold uses for the PartnerRegistryStats shard: one lock per async shard, keyed by
    /// <see cref="ProjectionLockIds.Compute"/> over the event schema, the shard identity and <c>DaemonLockId</c>.
    /// </summary>
    private static long DaemonLockKey(IAlbaHost node)
    {
        var options = ((DocumentStore)node.Services.GetRequiredService<IDocumentStore>()).Options;
        var shard = options.Projections.AllShards().Single(s => s.Name.Name == nameof(PartnerRegistryStats)).Name;
        return ProjectionLockIds.Compute(options.Events.DatabaseSchemaName, shard, options.Projections.DaemonLockId);
    }

    /// <summary>
    /// The application names of the sessions holding the given advisory lock in this test's database (pg_locks is
    /// server-wide, and other tests run the same service, hence the same key, on their own databases). A bigint key
    /// shows as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    /// </summary>
    private static async Task<IReadOnlyList<string>> LockHoldersAsync(string database, long key)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select a.application_name
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted
              and l.database = (select oid from pg_database where datname = current_database())
              and l.objsubid = 1 and ((l.classid::bigint << 32) | l.objid::bigint) = @key
            order by 1
            """, connection);
        command.Parameters.AddWithValue("key", key);
        var holders = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) holders.Add(reader.GetString(0));
        return holders;
    }

    private static async Task InviteThroughAsync(IAlbaHost node)
    {
        using var client = node.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var response = await client.PostAsJsonAsync("/api/partners/invitations", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static async Task<int> InvitationsAsync(IAlbaHost node)
    {
        await using var session = node.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stats = await session.LoadAsync<PartnerRegistryStats>(PartnerRegistryStats.SingletonId);
        return stats?.Invitations ?? 0;
    }

    /// <summary>Polls until the condition holds, failing with the last observed value after <see cref="Patience"/>.</summary>
    private async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
    {
        var started = _clock.Elapsed;
        T last;
        while (true)
        {
            last = await probe();
            if (condition(last))
            {
                Log($"waited {(_clock.Elapsed - started).TotalMilliseconds:0} ms for {what}");
                return last;
            }

            if (_clock.Elapsed - started > Patience) break;
            await Task.Delay(PollInterval);
        }

        var shown = last is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object>()) + "]"
            : last?.ToString();
        throw new ShouldAssertException($"Waited {Patience.TotalSeconds:0} s for {what}; last observed: {shown}");
    }

    private void Log(string message) => output.WriteLine($"{_clock.ElapsedMilliseconds,6} ms  {message}");
}
