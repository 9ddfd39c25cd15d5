using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Writes concurrent pushes in shared transactions: a transaction takes every write waiting, loads their views in
/// one round trip, decides each, appends all events in one batch and commits once; then every push is answered. A push
/// is still answered only after its events are durably committed, but N pushes cost one commit and a few round trips
/// instead of N commits and 3N round trips. At most a few such transactions run at once, and a stream is in at most
/// one of them, so pushes to one object stay in order and never conflict on this node; a write of another node in
/// between is caught by the expected stream version, and then each write of the batch is redone alone, under its
/// stream's lock.
/// </summary>
public sealed class GroupCommit : BackgroundService
{
    public const int MaxBatch = 64;
    /// <summary>
    /// While a transaction runs, another one starts only for this many waiting writes: a transaction has a fixed cost
    /// (three round trips, a commit), and one or two writes are better off in the next one (measured: about 10 % more
    /// Session PUTs per second at concurrency 8 than starting one for every write).
    /// </summary>
    private const int WritesForAnotherTransaction = 3;
    private readonly DocumentStore _store;
    private readonly DirectEventStore _direct;
    private readonly GroupCommitConnections _connections;
    private readonly ILogger<GroupCommit> _log;
    private readonly int _maxTransactions;
    private readonly Channel<StreamWrite> _incoming = Channel.CreateUnbounded<StreamWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Channel<List<StreamWrite>> _committed = Channel.CreateUnbounded<List<StreamWrite>>(new UnboundedChannelOptions { SingleReader = false });

    public GroupCommit(DirectEventStore direct, GroupCommitConnections connections, ILogger<GroupCommit> log, IOptions<EmspOptions> options)
    {
        _direct = direct;
        _connections = connections;
        _store = (DocumentStore)direct.Store;
        _log = log;
        _maxTransactions = Math.Max(1, options.Value.WriteTransactions);
    }

    public Task<IResult> WriteAsync(StreamWrite write) =>
        // After shutdown began only what was accepted is drained; a late write goes alone.
        _incoming.Writer.TryWrite(write) ? write.Answer : write.WriteAloneAsync(_store, _log);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _incoming.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Runs until the incoming channel is completed and every accepted write is answered. A new transaction starts when
    /// none runs, or when fewer than the maximum run and enough writes wait; it takes every write waiting whose stream is
    /// not in a running one.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waiting = new List<StreamWrite>();
        var streamsInFlight = new HashSet<string>();
        var running = 0;
        var incomingOpen = true;
        while (incomingOpen || waiting.Count > 0 || running > 0)
        {
            while (_committed.Reader.TryRead(out var done))
            {
                running--;
                foreach (var write in done) streamsInFlight.Remove(write.StreamKey);
            }
            while (_incoming.Reader.TryRead(out var write)) waiting.Add(write);

            while (running < _maxTransactions && (running == 0 || waiting.Count >= WritesForAnotherTransaction) && TakeBatch(waiting, streamsInFlight) is { Count: > 0 } batch)
            {
                running++;
                foreach (var write in batch) streamsInFlight.Add(write.StreamKey);
                _ = Task.Run(async () =>
                {
                    await CommitGuardedAsync(batch);
                    _committed.Writer.TryWrite(batch);
                }, CancellationToken.None);
            }

            if (!incomingOpen && waiting.Count == 0 && running == 0) break;
            var commitDone = _committed.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
            if (incomingOpen && running < _maxTransactions)
            {
                var arrived = _incoming.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
                await Task.WhenAny(commitDone, arrived);
                if (arrived.IsCompleted && !arrived.Result) incomingOpen = false;
            }
            else await commitDone;
        }
    }

    /// <summary>
    /// The oldest waiting writes, at most one per stream and none of a stream in a running transaction: a push waits
    /// for the commit of the previous push to its object, so that it is decided on the state that push left.
    /// </summary>
    private static List<StreamWrite> TakeBatch(List<StreamWrite> waiting, HashSet<string> streamsInFlight)
    {
        var batch = new List<StreamWrite>(Math.Min(waiting.Count, MaxBatch));
        var streams = new HashSet<string>();
        var kept = 0;
        for (var i = 0; i < waiting.Count; i++)
        {
            var write = waiting[i];
            if (batch.Count < MaxBatch && !streamsInFlight.Contains(write.StreamKey) && streams.Add(write.StreamKey)) batch.Add(write);
            else waiting[kept++] = write;
        }
        waiting.RemoveRange(kept, waiting.Count - kept);
        return batch;
    }

    private async Task CommitGuardedAsync(List<StreamWrite> batch)
    {
        try
        {
            await CommitAsync(batch);
        }
        catch (Exception e)
        {
            // CommitAsync answers every write itself; this only guards the loop against a bug of ours.
            _log.LogError(e, "Group commit failed");
            foreach (var write in batch) write.Fail(e);
        }
    }

    private async Task CommitAsync(List<StreamWrite> batch)
    {
        batch.RemoveAll(write =>
        {
            if (!write.RequestAborted.IsCancellationRequested) return false;
            write.Cancel();
            return true;
        });
        if (batch.Count == 0) return;

        var appended = new List<(StreamWrite Write, IResult Answer)>(batch.Count);
        try
        {
            await using var connection = _connections.CreateConnection();
            await connection.OpenAsync(CancellationToken.None);
            await LoadHeldAsync(connection, batch);

            var writes = new EventAppendBatch(_direct);
            // For the projections' fold only: the registered Create/Apply methods read nothing from the database.
            await using var projections = _store.QuerySession();
            foreach (var write in batch)
            {
                try
                {
                    var (answer, wasAppended) = await write.DecideIntoAsync(_direct, writes, projections, CancellationToken.None);
                    if (wasAppended) appended.Add((write, answer));
                    else write.Complete(answer);
                }
                catch (Exception e)
                {
                    write.Fail(e);
                }
            }
            if (appended.Count == 0) return;
            // No explicit transaction: the batch is one implicit transaction, committed in the same round trip.
            await using var command = writes.Build(connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (NothingWasCommitted(e))
        {
            // Nothing of the batch is stored: each write is decided again, alone, on what is stored now.
            _log.LogDebug(e, "Group commit of {Count} writes not applied; writing each alone", appended.Count);
            var alone = (appended.Count > 0 ? appended.Select(a => a.Write) : batch).Where(w => !w.Answer.IsCompleted).ToList();
            await Task.WhenAll(alone.Select(WriteAloneAsync));
            return;
        }
        catch (Exception e)
        {
            // The connection broke: the commit may or may not have happened, so no write is repeated (the partner retries).
            _log.LogError(e, "Group commit of {Count} writes failed", appended.Count);
            foreach (var write in batch) write.Fail(e);
            return;
        }
        foreach (var (write, answer) in appended) write.Complete(answer);
    }

    /// <summary>Every write's held view, in one round trip of single-key loads.</summary>
    private async Task LoadHeldAsync(NpgsqlConnection connection, List<StreamWrite> batch)
    {
        await using var load = new NpgsqlBatch(connection);
        foreach (var write in batch) load.BatchCommands.Add(write.LoadCommand(_direct));
        await using var reader = await load.ExecuteReaderAsync(CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(CancellationToken.None);
            await batch[i].ReadHeldAsync(_direct, reader, CancellationToken.None);
        }
    }

    private async Task WriteAloneAsync(StreamWrite write)
    {
        try
        {
            write.Complete(await write.WriteAloneAsync(_store, _log));
        }
        catch (Exception e)
        {
            write.Fail(e);
        }
    }

    /// <summary>The server refused a statement (the transaction is rolled back) or we failed before sending the commit.</summary>
    private static bool NothingWasCommitted(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException) return true;
            if (inner is NpgsqlException or IOException or TimeoutException or OperationCanceledException) return false;
        }
        return true;
    }
}
