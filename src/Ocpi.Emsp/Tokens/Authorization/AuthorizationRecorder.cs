using System.Threading.Channels;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Stores authorization decisions as events (stream authorization:{reference}), written behind the answer: a driver is
/// waiting, so the answer goes out as soon as the decision is handed over, and a writer stores whatever has accumulated
/// in one transaction, normally within a few milliseconds. Because tokens are served from memory, authorization keeps
/// working through a short database outage: decisions wait here (at most <see cref="Capacity"/>, then new requests wait)
/// and are stored when the database is back. A graceful shutdown stores everything accepted before it; only a crash of
/// the process or of the database server can lose the decisions of the last moments (commits do not wait for the WAL
/// flush either). Partner pushes are different: they are always stored, fully durable, before we answer.
/// A batch is two statements (its streams, its events, each one insert of arrays), the rows Marten's quick append writes:
/// through Marten every decision was one call of its append function, which costs the database about twice as much.
/// </summary>
public sealed class AuthorizationRecorder(IDocumentStore store, DirectEventStore direct, AuthorizationDecisionConnections connections,
    ILogger<AuthorizationRecorder> log) : BackgroundService
{
    public const int Capacity = 5_000;
    private const int MaxBatch = 100;
    private const int Writers = 2;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(Capacity) { SingleReader = false, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Hands the decision over; waits only while <see cref="Capacity"/> decisions are still unstored.</summary>
    public ValueTask RecordAsync(AuthorizationDecided decision, HttpContext http, string partnerId)
    {
        return _pending.Writer.WriteAsync(new Pending(decision, EventMetadata.OcpiStamp(http, partnerId)), http.RequestAborted);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>Writers run until the channel is completed and drained, so decisions accepted before a shutdown are stored.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteUntilCompletedAsync(stoppingToken), CancellationToken.None)));

    private async Task WriteUntilCompletedAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
            await StoreWithRetriesAsync(batch, stoppingToken);
        }
    }

    private async Task StoreWithRetriesAsync(List<Pending> batch, CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A failed commit may still have committed: decisions already stored are not stored twice.
                var toStore = attempt == 1 ? batch : await NotYetStoredAsync(batch);
                await StoreAsync(toStore);
                if (attempt > 1) log.LogInformation("Stored {Count} authorization decisions after {Attempts} attempts", toStore.Count, attempt);
                return;
            }
            catch (Exception e)
            {
                if (stopping.IsCancellationRequested && attempt > 1)
                {
                    log.LogError(e, "Shutting down: {Count} authorization decisions could not be stored", batch.Count);
                    return;
                }
                log.LogWarning(e, "Could not store {Count} authorization decisions (attempt {Attempt}); retrying", batch.Count, attempt);
                try { await Task.Delay(delay, stopping); } catch (OperationCanceledException) { }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task<List<Pending>> NotYetStoredAsync(List<Pending> batch)
    {
        await using var session = store.QuerySession();
        var missing = new List<Pending>(batch.Count);
        foreach (var pending in batch)
            if (await session.Events.FetchStreamStateAsync(AuthorizationView.StreamKey(pending.Decision.Reference)) is null) missing.Add(pending);
        return missing;
    }

    private async Task StoreAsync(List<Pending> batch)
    {
        if (batch.Count == 0) return;
        var writes = new EventAppendBatch(direct);
        foreach (var pending in batch)
        {
            var key = AuthorizationView.StreamKey(pending.Decision.Reference);
            writes.Append(key, typeof(AuthorizationView), 0, writes.Prepare(key, 0, [pending.Decision], pending.Stamp));
        }
        await using var connection = connections.CreateConnection();
        await connection.OpenAsync();
        // One implicit transaction: all of the batch is stored, or none of it.
        await using var command = writes.Build(connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Pending(AuthorizationDecided Decision, EventStamp Stamp);
}
