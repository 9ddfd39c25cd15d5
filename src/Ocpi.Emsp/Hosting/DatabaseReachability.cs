using Microsoft.Extensions.Options;
using Npgsql;

namespace Ocpi.Emsp.Hosting;

/// <summary>What one database probe saw, and since when the database has been unreachable.</summary>
public readonly record struct DatabaseState(bool Reachable, DateTimeOffset? LastReached, TimeSpan UnreachableFor);

/// <summary>
/// Remembers when this node last reached its database and when the current outage began (the first failed probe after
/// a success), so that readiness can tell a blip from an outage. Probes are bounded by
/// <see cref="HealthOptions.DatabaseCheckTimeout"/>: a database host that dropped off the network must not hold the probe
/// until the connection string's own timeout.
/// </summary>
public sealed class DatabaseReachability(IConfiguration configuration, IOptions<HealthOptions> options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastReached;
    private DateTimeOffset? _unreachableSince;

    public DateTimeOffset? LastReached
    {
        get { lock (_gate) return _lastReached; }
    }

    public async Task<DatabaseState> ProbeAsync(CancellationToken ct)
    {
        var reachable = await AnswersAsync(ct);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (reachable)
            {
                _lastReached = now;
                _unreachableSince = null;
                return new DatabaseState(true, now, TimeSpan.Zero);
            }
            _unreachableSince ??= now;
            return new DatabaseState(false, _lastReached, now - _unreachableSince.Value);
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.DatabaseCheckTimeout);
        try
        {
            await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException
                                      or System.Net.Sockets.SocketException or IOException)
        {
            if (ct.IsCancellationRequested) throw;
            return false;
        }
    }
}
