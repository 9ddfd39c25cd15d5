using System.Diagnostics;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Storage;
using Ocpi.Emsp.Telemetry;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Writes concurrent pushes in shared transactions: a transaction takes every write waiting, loads their views in
/// one round trip, decides each, appends all events in one batch and commits once; then every push is answered. A push
/// is still answered only after its events are durably committed, but N pushes cost one commit and a few round trips
/// instead of N commits and 3N round trips. At most a few such transactions run at once, and a stream is in at most
/// one of them, so pushes to one object stay in order and never conflict on this node; a write of another node in
/// between is caught by the expected stream version, and the writes of the batch are then decided again in a next one
/// (<see cref="GroupCommitTransaction"/>: what a batch does, and what happens when it fails).
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
    private readonly IDocumentStore _store;
    private readonly GroupCommitTransaction _transaction;
    private readonly ILogger<GroupCommit> _log;
    private readonly EmspMetrics _metrics;
    private readonly int _maxTransactions;
    private readonly Channel<StreamWrite> _incoming = Channel.CreateUnbounded<StreamWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Channel<(List<StreamWrite> Batch, IReadOnlyList<StreamWrite> Again)> _committed =
        Channel.CreateUnbounded<(List<StreamWrite>, IReadOnlyList<StreamWrite>)>(new UnboundedChannelOptions { SingleReader = false });

    public GroupCommit(DirectEventStore direct, GroupCommitConnections connections, ILogger<GroupCommit> log, IOptions<EmspOptions> options,
        EmspMetrics metrics)
    {
        _store = direct.Store;
        _transaction = new GroupCommitTransaction(direct, connections, Guess, log, metrics);
        _log = log;
        _metrics = metrics;
        _maxTransactions = Math.Max(1, options.Value.WriteTransactions);
    }

    /// <summary>Which writes are decided as new without a load (its counters show how often, and how often wrongly).</summary>
    internal NewStreamGuess Guess { get; } = new();

    public Task<IResult> WriteAsync(StreamWrite write) =>
        // After shutdown began only what was accepted is drained; a late write goes alone.
        _incoming.Writer.TryWrite(write) ? write.Answer : write.WriteAloneAsync(_store, _log);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _incoming.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Runs until the incoming channel is completed and every accepted write is answered (writes to decide again are not
    /// lost when it completes: the loop runs while any wait). A new transaction starts when
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
                foreach (var write in done.Batch) streamsInFlight.Remove(write.StreamKey);
                // Writes to decide again go first: a later push to the same object waits behind them.
                waiting.InsertRange(0, done.Again);
            }
            while (_incoming.Reader.TryRead(out var write)) waiting.Add(write);

            while (running < _maxTransactions && (running == 0 || waiting.Count >= WritesForAnotherTransaction) && TakeBatch(waiting, streamsInFlight) is { Count: > 0 } batch)
            {
                running++;
                foreach (var write in batch) streamsInFlight.Add(write.StreamKey);
                _metrics.GroupCommitBatch(batch.Count);
                _ = Task.Run(async () =>
                {
                    var again = await CommitGuardedAsync(batch);
                    _committed.Writer.TryWrite((batch, again));
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

    private async Task<IReadOnlyList<StreamWrite>> CommitGuardedAsync(List<StreamWrite> batch)
    {
        using var span = StartSpan(batch);
        try
        {
            return await _transaction.CommitAsync(batch);
        }
        catch (Exception e)
        {
            // CommitAsync answers every write itself; this only guards the loop against a bug of ours.
            _log.LogError(e, "Group commit failed");
            foreach (var write in batch) write.Fail(e);
            return [];
        }
    }

    /// <summary>
    /// The transaction's span, when traces are recorded: a child of the first request's span (so that a push alone in its
    /// batch shows its SQL in its own trace), linked to every request it writes for.
    /// </summary>
    private static Activity? StartSpan(List<StreamWrite> batch)
    {
        if (!EmspTracing.Source.HasListeners()) return null;
        var links = new List<ActivityLink>(batch.Count);
        foreach (var write in batch)
            if (write.Trace != default) links.Add(new ActivityLink(write.Trace));
        var span = EmspTracing.Source.StartActivity("group commit", ActivityKind.Internal, links.Count > 0 ? links[0].Context : default, links: links);
        span?.SetTag("emsp.group_commit.writes", batch.Count);
        return span;
    }
}
