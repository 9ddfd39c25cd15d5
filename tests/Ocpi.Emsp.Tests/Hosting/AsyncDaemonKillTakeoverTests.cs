using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Ocpi.Emsp.Benchmarks;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>
/// Two service processes on one database; the one leading the async daemon for <see cref="PartnerRegistryStats"/> is
/// killed with SIGKILL: no shutdown code runs, nothing releases its advisory lock but PostgreSQL ending the dead node's
/// session. The kill is timed just after the other node polled for the lock, so that its next poll is as far away as
/// it gets; the invitation appended after the kill must reach the async view through the other node's daemon.
/// </summary>
public sealed class AsyncDaemonKillTakeoverTests(ITestOutputHelper output)
{
    private const string ApiKey = "test-api-key";
    private static readonly string[] NodeNames = ["emsp-kill-a", "emsp-kill-b"];

    /// <summary>Generous for a loaded 2-core machine; the measured takeover is logged (see the service README).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task killing_the_leader_process_lets_the_other_node_project_the_next_event()
    {
        var database = await TestPostgres.CreateDatabaseAsync("daemon_kill");
        var serviceDll = BenchEnvironment.ResolveServiceDll(null, BenchEnvironment.FindRepositoryRoot());
        var scratch = TestPostgres.CreateScratchDirectory("daemon-kill");
        var nodes = new Dictionary<string, Node>();
        try
        {
            foreach (var name in NodeNames) nodes[name] = Node.Start(serviceDll, database, name, scratch);
            foreach (var node in nodes.Values) await node.WaitUntilReadyAsync();
            Log("both service processes ready");

            var lockKey = DaemonLockKey();
            var leader = (await PollAsync(() => LockHoldersAsync(database, lockKey), h => h.Count == 1,
                "one node to hold the PartnerRegistryStats daemon lock")).Single();
            var survivor = NodeNames.Single(n => n != leader);
            Log($"{leader} leads, {survivor} follows");

            await nodes[survivor].InviteAsync();
            await PollAsync(() => InvitationsAsync(database), n => n == 1, "the leader to project the first invitation");

            await PollAsync(() => JustPolledAsync(database, survivor), polled => polled,
                $"{survivor} to poll for the daemon's locks (so that its next poll is as far away as it gets)");
            await nodes[leader].KillAsync();
            var killedAt = _clock.Elapsed;
            Log($"{leader} killed (SIGKILL)");

            await nodes[survivor].InviteAsync();
            await PollAsync(() => LockHoldersAsync(database, lockKey), h => !h.Contains(leader), $"PostgreSQL to end {leader}'s lock session");
            await PollAsync(() => LockHoldersAsync(database, lockKey), h => h.SequenceEqual([survivor]), $"{survivor} to take the lock");
            await PollAsync(() => InvitationsAsync(database), n => n == 2,
                $"{survivor}'s daemon to project the invitation appended after the kill");
            var projectedAfter = _clock.Elapsed - killedAt;
            Log($"TAKEOVER: the event appended after the kill was projected {projectedAfter.TotalSeconds:0.0} s after the kill");
        }
        finally
        {
            foreach (var node in nodes.Values) await node.DisposeAsync();
        }
    }

    /// <summary>The advisory lock key of the PartnerRegistryStats shard (see <see cref="ProjectionLockIds"/>).</summary>
    private static long DaemonLockKey()
    {
        ShardName.TryParse($"{nameof(PartnerRegistryStats)}:{ShardName.All}", out var shard).ShouldBeTrue();
        return ProjectionLockIds.Compute(MartenSetup.SchemaName, shard!, new StoreOptions().Projections.DaemonLockId);
    }

    private static async Task<IReadOnlyList<string>> LockHoldersAsync(string database, long key)
    {
        var holders = new List<string>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(LockHolderSql("a.application_name"), connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) holders.Add(reader.GetString(0));
        return holders;
    }

    /// <summary>Whether a session of the node tried an advisory lock less than 200 ms ago (the coordinator's poll).</summary>
    private static async Task<bool> JustPolledAsync(string database, string node)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select exists (select from pg_stat_activity
                           where datname = current_database() and application_name = @node
                             and query like '%pg_try_advisory%lock%' and clock_timestamp() - query_start < interval '200 ms')
            """, connection);
        command.Parameters.AddWithValue("node", node);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A bigint advisory key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.</summary>
    private static string LockHolderSql(string column) =>
        $"""
         select {column}
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
         where l.locktype = 'advisory' and l.granted
           and l.database = (select oid from pg_database where datname = current_database())
           and l.objsubid = 1 and ((l.classid::bigint << 32) | l.objid::bigint) = @key
         """;

    private static async Task<int> InvitationsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select (data->>'invitations')::int from {MartenSetup.SchemaName}.mt_doc_partnerregistrystats", connection);
        try
        {
            return await command.ExecuteScalarAsync() as int? ?? 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? patience = null)
    {
        var started = _clock.Elapsed;
        var limit = patience ?? Patience;
        while (true)
        {
            var last = await probe();
            if (condition(last))
            {
                Log($"waited {(_clock.Elapsed - started).TotalMilliseconds:0} ms for {what}");
                return last;
            }

            if (_clock.Elapsed - started > limit)
                throw new ShouldAssertException($"Waited {limit.TotalSeconds:0} s for {what}; last observed: {Show(last)}");
            await Task.Delay(50);
        }
    }

    private static string? Show(object? value) =>
        value is System.Collections.IEnumerable items and not string ? "[" + string.Join(", ", items.Cast<object>()) + "]" : value?.ToString();

    private void Log(string message) => output.WriteLine($"{_clock.ElapsedMilliseconds,6} ms  {message}");

    /// <summary>One service process, its own application name (to tell its sessions apart) and loopback port.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProcess _process;
        private readonly HttpClient _client;

        private Node(ServiceProcess process, string url)
        {
            _process = process;
            _client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };
            _client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }

        public static Node Start(string serviceDll, string database, string name, string scratch)
        {
            var url = $"http://127.0.0.1:{BenchEnvironment.FreeLoopbackPort()}";
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Marten"] = new NpgsqlConnectionStringBuilder(database) { ApplicationName = name }.ConnectionString,
                ["Urls"] = url,
                ["Emsp__PublicUrl"] = url,
                ["Emsp__ApiKey"] = ApiKey,
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };
            return new Node(ServiceProcess.Start(serviceDll, environment, [], Path.Combine(scratch, $"{name}.log")), url);
        }

        public async Task WaitUntilReadyAsync()
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{_process.LogTail()}");
                try
                {
                    using var response = await _client.GetAsync("/health/ready");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the service process to answer /health/ready", TimeSpan.FromMinutes(3));
        }

        public async Task InviteAsync()
        {
            using var response = await _client.PostAsync("/api/partners/invitations", JsonContent.Create(new { }));
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        public Task KillAsync() => _process.KillAsync();

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _process.DisposeAsync();
        }
    }
}
