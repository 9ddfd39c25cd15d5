using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>
/// A node that dies must not keep its PostgreSQL session, hence its advisory locks (the async daemon's leadership),
/// alive. Each test holds an advisory lock in a session opened with the service's connection settings
/// (<see cref="DeadNodeDetection"/>), makes the client die in one of the two ways the server cannot see at once, and
/// waits for the lock to be free. Without the settings each lock would be held for ten minutes or for hours.
/// </summary>
public sealed class DeadNodeDetectionTests(ITestOutputHelper output)
{
    private const long LockKey = 7_300_001;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task a_killed_client_busy_in_a_statement_loses_its_advisory_lock_within_seconds()
    {
        var database = new NpgsqlConnectionStringBuilder(DeadNodeDetection.Apply(await TestPostgres.CreateDatabaseAsync("dead_client")));
        // psql as the node: a real process, killed with SIGKILL while its backend is busy in a ten-minute statement.
        var start = new ProcessStartInfo("psql", ["-X", "-q", "-c", $"select pg_advisory_lock({LockKey}), pg_sleep(600)"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["PGHOST"] = database.Host, ["PGPORT"] = database.Port.ToString(), ["PGUSER"] = database.Username,
                ["PGPASSWORD"] = database.Password ?? "", ["PGDATABASE"] = database.Database, ["PGOPTIONS"] = database.Options,
            },
        };
        using var psql = Process.Start(start)!;
        try
        {
            await Eventually.HoldsAsync(async () => await LockHeldAsync(database.ConnectionString), "psql to take the lock and sleep");
        }
        finally
        {
            psql.Kill();
            await psql.WaitForExitAsync();
        }

        var killed = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => !await LockHeldAsync(database.ConnectionString),
            "PostgreSQL to end the killed client's busy session", Patience);
        output.WriteLine($"lock free {killed.ElapsedMilliseconds} ms after the kill");
    }

    [Fact]
    public async Task a_client_that_vanishes_without_closing_its_connection_loses_its_advisory_lock()
    {
        var database = new NpgsqlConnectionStringBuilder(DeadNodeDetection.Apply(await TestPostgres.CreateDatabaseAsync("vanished_client")));
        await using var proxy = await VanishingProxy.StartAsync(database.Host!, database.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Pooling = false };
        await using var node = new NpgsqlConnection(throughProxy.ConnectionString);
        await node.OpenAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", node)) await take.ExecuteNonQueryAsync();
        var idle = Stopwatch.StartNew();

        // As if the node's machine lost power: its socket disappears, no FIN or RST is ever sent. First the proxy's
        // kernel acknowledges PostgreSQL's answer (delayed ACKs wait up to 200 ms): PostgreSQL would retransmit an
        // unacknowledged answer and get a reset from the vanished socket at once, which is not what this test is about.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await proxy.VanishAsync();
        var vanished = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var heldAfterVanishing = await LockHeldAsync(database.ConnectionString);
        // The first probe leaves 10 s after the last packet; a slow machine may get there before this check.
        if (idle.Elapsed < TimeSpan.FromSeconds(8))
            heldAfterVanishing.ShouldBeTrue("nothing told PostgreSQL yet; only a keepalive probe can");
        await Eventually.HoldsAsync(async () => !await LockHeldAsync(database.ConnectionString),
            "PostgreSQL's keepalive probe to find the vanished client", Patience);
        output.WriteLine($"lock free {idle.ElapsedMilliseconds} ms after the last packet, {vanished.ElapsedMilliseconds} ms after the client vanished");
    }

    private static async Task<bool> LockHeldAsync(string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(database) { Options = null, Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select exists (select from pg_locks
                           where locktype = 'advisory' and granted and objsubid = 1
                             and database = (select oid from pg_database where datname = current_database())
                             and ((classid::bigint << 32) | objid::bigint) = @key)
            """, connection);
        command.Parameters.AddWithValue("key", LockKey);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// One relayed connection whose server-side socket can disappear silently: Linux's TCP_REPAIR mode (needs
    /// CAP_NET_ADMIN) closes a socket without sending anything, so the server learns of it only when it sends a
    /// packet and the kernel answers with a reset.
    /// </summary>
    private sealed class VanishingProxy : IAsyncDisposable
    {
        private const int SolTcp = 6, TcpRepair = 19, TcpRepairQueue = 20, TcpSendQueue = 2;
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly string _host;
        private readonly int _port;
        private Socket? _client, _server;
        private Task _relay = Task.CompletedTask;

        private VanishingProxy(string host, int port) => (_host, _port) = (host, port);

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static Task<VanishingProxy> StartAsync(string host, int port)
        {
            var proxy = new VanishingProxy(host, port);
            proxy._listener.Start();
            proxy._relay = proxy.RelayAsync();
            return Task.FromResult(proxy);
        }

        private async Task RelayAsync()
        {
            _client = await _listener.AcceptSocketAsync(_stop.Token);
            _server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await _server.ConnectAsync(_host, _port, _stop.Token);
            await Task.WhenAll(PumpAsync(_client, _server), PumpAsync(_server, _client));
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (await from.ReceiveAsync(buffer, _stop.Token) is var read and > 0)
                    await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        public async Task VanishAsync()
        {
            await _stop.CancelAsync();
            // No operation may be pending on the socket when it closes.
            await _relay.WaitAsync(TimeSpan.FromSeconds(10));
            _server!.SetRawSocketOption(SolTcp, TcpRepair, BitConverter.GetBytes(1));
            // And in case .NET shuts the socket down before closing it: a FIN queued in repair mode is sent only
            // unless the send queue is the one under repair.
            _server.SetRawSocketOption(SolTcp, TcpRepairQueue, BitConverter.GetBytes(TcpSendQueue));
            _server.Close();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _client?.Dispose();
            _server?.Dispose();
        }
    }
}
