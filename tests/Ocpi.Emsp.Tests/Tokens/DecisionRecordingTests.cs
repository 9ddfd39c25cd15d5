using System.Net;
using Npgsql;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// Decisions are stored behind the answer: through a database outage (authorization keeps answering from memory and
/// the decisions are stored once the database is back) and through a graceful shutdown (nothing answered is lost: what
/// cannot be stored is kept on disk and stored by the next start).
/// Each test has its own service and database, because it takes them down.
/// </summary>
public sealed class DecisionRecordingTests
{
    private sealed class Teardown(EmspFixture emsp) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await emsp.DisposeAsync();
    }

    private const string CountDecisions = "select count(*) from emsp.mt_events where type = 'authorization_decided'";

    private static async Task<(TokensFixture Emsp, CpoSimulator.CpoSimulator Cpo, string Uid)> StartAsync()
    {
        var emsp = new TokensFixture();
        await emsp.InitializeAsync();
        var (cpo, _) = await emsp.RegisteredCpoAsync(new() { Party = EmspFixture.NextParty(), Modules = [("locations", Protocol.Versions.InterfaceRole.SENDER)] });
        var uid = "D" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        return (emsp, cpo, uid);
    }

    private static async Task<string> AuthorizeAsync(CpoSimulator.CpoSimulator cpo, string uid)
    {
        var result = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp);
        result.StatusCode.ShouldBe(1000);
        result.Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        return result.Data.GetProperty("authorization_reference").GetString()!;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Refuses new connections to the service's database and ends the open ones (as in a failover).</summary>
    private static async Task SetDatabaseReachableAsync(string connectionString, bool reachable)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var allow = new NpgsqlCommand($"alter database \"{database}\" allow_connections {(reachable ? "true" : "false")}", connection);
        await allow.ExecuteNonQueryAsync();
        if (reachable) return;
        await using var end = new NpgsqlCommand($"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}'", connection);
        await end.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task while_the_database_is_unreachable_authorization_answers_and_the_decisions_are_stored_when_it_is_back()
    {
        var (emsp, cpo, uid) = await StartAsync();
        await using var stop = new Teardown(emsp);
        // Decisions are stored behind the answer: the count is taken once the first one is in.
        var first = await AuthorizeAsync(cpo, uid);
        await Eventually.HoldsAsync(async () =>
            await ScalarAsync(emsp.ConnectionString, $"select count(*) from emsp.mt_streams where id = 'authorization:{first}'") == 1,
            "the first decision stored");
        var before = await ScalarAsync(emsp.ConnectionString, CountDecisions);

        await SetDatabaseReachableAsync(emsp.ConnectionString, reachable: false);
        var references = new List<string>();
        try
        {
            for (var i = 0; i < 5; i++) references.Add(await AuthorizeAsync(cpo, uid));
        }
        finally
        {
            await SetDatabaseReachableAsync(emsp.ConnectionString, reachable: true);
        }

        references.Distinct().Count().ShouldBe(5);
        await Eventually.HoldsAsync(async () => await ScalarAsync(emsp.ConnectionString, CountDecisions) == before + 5,
            "the five decisions stored once the database is back");
        foreach (var reference in references)
            (await ScalarAsync(emsp.ConnectionString, $"select count(*) from emsp.mt_streams where id = 'authorization:{reference}'")).ShouldBe(1);
    }

    [Fact]
    public async Task decisions_a_shutdown_cannot_store_are_kept_on_disk_and_stored_once_by_the_next_start()
    {
        DatabaseOutageFixture? first = new();
        await first.InitializeAsync();
        DatabaseOutageFixture? next = null;
        try
        {
            var (cpo, uid, _) = await first.CpoWithTokenAsync();
            var before = (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid))!;
            await Eventually.HoldsAsync(async () => await first.StoredAsync(before) == 1, "the decision before the outage stored");

            var stored = await first.ScalarAsync(CountDecisions);
            first.Link.Cut(refuse: true);
            var references = new List<string>();
            for (var i = 0; i < DatabaseOutageFixture.Buffer * 4; i++) references.Add((await DatabaseOutageFixture.AuthorizeAsync(cpo, uid))!);
            await first.Host.StopAsync();

            var onDisk = first.SpillFiles("pending-").SelectMany(File.ReadAllLines)
                .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("decision").GetProperty("reference").GetString()!);
            onDisk.Order().ShouldBe(references.Order());
            foreach (var reference in references) (await first.StoredAsync(reference)).ShouldBe(0);
            // As if a crash had come after the file was stored but before it was deleted: stored again, it adds nothing.
            var file = first.SpillFiles("pending-").Order(StringComparer.Ordinal).First();
            File.Copy(file, file.Replace("pending-", "pending-~"));
            next = first.Successor();
            await first.DisposeAsync();
            first = null;

            await next.InitializeAsync();
            await Eventually.HoldsAsync(() => next.SpillFiles("pending-").Count == 0, "the files of the previous run stored", TimeSpan.FromMinutes(1));
            foreach (var reference in references) (await next.StoredAsync(reference)).ShouldBe(1);
            (await next.ScalarAsync(CountDecisions)).ShouldBe(stored + references.Count);
            next.SpillFiles("set-aside-").ShouldBeEmpty();
        }
        finally
        {
            if (first is not null) await first.DisposeAsync();
            if (next is not null) await next.DisposeAsync();
        }
    }

    [Fact]
    public async Task decisions_answered_before_a_shutdown_are_stored_by_it()
    {
        var (emsp, cpo, uid) = await StartAsync();
        await using var stop = new Teardown(emsp);
        var before = await ScalarAsync(emsp.ConnectionString, CountDecisions);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => AuthorizeAsync(cpo, uid)));
        await emsp.Host.StopAsync();

        (await ScalarAsync(emsp.ConnectionString, CountDecisions)).ShouldBe(before + 200);
    }
}
