using System.Threading.Channels;
using Marten.Events.Daemon.HighWater;
using Npgsql;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>
/// The async projection daemon is woken (NOTIFY on Marten's channel) by appends that an async projection consumes, and
/// not by the many appends it would skip anyway (session pushes, authorization decisions).
/// </summary>
public sealed class AsyncDaemonWakeupTests(TokensFixture emsp) : IClassFixture<TokensFixture>
{
    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, n) => _received.Writer.TryWrite(n.Channel);
            _loop = Task.Run(async () =>
            {
                try { while (true) await _connection.WaitAsync(_stop.Token); }
                catch (OperationCanceledException) { }
            });
        }

        public static async Task<Listener> StartAsync(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var listen = new NpgsqlCommand($"listen {PostgresqlListenWakeup.DefaultChannel}", connection)) await listen.ExecuteNonQueryAsync();
            return new Listener(connection);
        }

        /// <summary>Notifications received so far, after waiting a moment for late ones.</summary>
        public async Task<int> CountAsync()
        {
            await Task.Delay(300);
            var count = 0;
            while (_received.Reader.TryRead(out _)) count++;
            return count;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            await _connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_cdr_wakes_the_daemon_but_session_pushes_and_authorizations_do_not()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync(new() { Party = EmspFixture.NextParty() });
        var uid = "W" + Guid.NewGuid().ToString("N")[..12];
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).EnsureSuccessStatusCode();
        await using var listener = await Listener.StartAsync(emsp.ConnectionString);
        await listener.CountAsync();

        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        var party = cpo.Options.Party;
        (await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint("sessions")}/{party.CountryCode}/{party.PartyId}/{session["id"]}",
            cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        (await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
        (await listener.CountAsync()).ShouldBe(0);

        // Two wake-ups: the CDR's own append, then the daemon's cost check appending CdrCostChecked to the CDR's stream
        // (the billing lines consume it, so its append wakes the daemon too).
        (await Cdrs.CdrExamples.PostAsync(cpo, Cdrs.CdrExamples.Cdr(cpo))).StatusCode.ShouldBe(1000);
        var received = 0;
        await Eventually.HoldsAsync(async () => (received += await listener.CountAsync()) >= 2, "the CDR's and its cost check's wake-ups");
        (received + await listener.CountAsync()).ShouldBe(2);
    }
}
