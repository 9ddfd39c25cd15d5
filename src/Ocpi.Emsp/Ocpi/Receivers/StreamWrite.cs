using JasperFx.Events;
using Marten;
using JasperFx;
using Marten.Exceptions;
using Npgsql;
using System.Data.Common;
using System.Diagnostics;
using JasperFx.Events.Daemon;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// One push waiting to be written to its object's stream: the decision (given the held view, which events to append
/// and what to answer), the metadata of the request, and the answer once the events are committed.
/// </summary>
public abstract class StreamWrite(string streamKey, EventStamp stamp, CancellationToken requestAborted, bool createsWhenAbsent)
{
    private readonly TaskCompletionSource<IResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string StreamKey { get; } = streamKey;
    public EventStamp Stamp { get; } = stamp;
    public CancellationToken RequestAborted { get; } = requestAborted;

    /// <summary>The span of the request (or pull run) that made this write, for the group commit's span to link to.</summary>
    public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;
    public Task<IResult> Answer => _answer.Task;

    /// <summary>Where the write comes from (the stamp's source header: "ocpi", "pull"), for metrics.</summary>
    public string Source
    {
        get
        {
            foreach (var (key, value) in Stamp.Headers)
                if (key == EventMetadata.SourceHeader && value is string source) return source;
            return "unknown";
        }
    }

    /// <summary>Set when <see cref="WriteAloneAsync"/> committed events.</summary>
    internal bool StoredAlone { get; set; }

    /// <summary>How many batches this write was decided in and not committed by, because another writer came first.</summary>
    internal int BatchAttempts { get; set; }

    /// <summary>
    /// The decision creates the object when none is held (a whole-object PUT, a CDR POST), so the group commit may decide
    /// it as new without loading (<see cref="NewStreamGuess"/>). False for writes that need the held object (a PATCH).
    /// </summary>
    public bool CreatesWhenAbsent { get; } = createsWhenAbsent;

    /// <summary>Decided as new without a load in the current batch (<see cref="NewStreamGuess"/>).</summary>
    internal bool DecidedUnloaded { get; set; }

    /// <summary>A batch that decided this write unloaded was not committed: from now on its view is loaded.</summary>
    internal bool MustLoad { get; set; }

    public abstract Type ViewType { get; }

    /// <summary>The statement that loads the held view (a single-key lookup, batched with the other writes' loads).</summary>
    internal abstract NpgsqlBatchCommand LoadCommand(DirectEventStore store);

    /// <summary>Reads the held view from the result of <see cref="LoadCommand"/>; true when there is one.</summary>
    internal abstract Task<bool> ReadHeldAsync(DirectEventStore store, DbDataReader reader, CancellationToken ct);

    /// <summary>Decides the write as new, without a load: the database refuses the batch if the stream exists after all.</summary>
    internal abstract void AssumeAbsent();

    /// <summary>
    /// Decides on the held view and adds the events and the view they fold into to <paramref name="batch"/>, expecting
    /// the stream at the version the decision saw. Returns the answer and whether anything was added. Nothing is added
    /// when the decision or the fold throws.
    /// </summary>
    internal abstract Task<(IResult Answer, bool Appended)> DecideIntoAsync(DirectEventStore store, EventAppendBatch batch, IQuerySession session, CancellationToken ct);

    /// <summary>The write on its own: stream row locked for the transaction, so it cannot conflict; retried on creation races.</summary>
    public abstract Task<IResult> WriteAloneAsync(IDocumentStore store, ILogger log);

    public void Complete(IResult answer) => _answer.TrySetResult(answer);
    public void Fail(Exception e) => _answer.TrySetException(e);
    public void Cancel() => _answer.TrySetCanceled(RequestAborted);

    /// <summary>Another writer got there first (a lost optimistic check, a creation race, a lock conflict): nothing was written.</summary>
    public static bool IsWriteConflict(Exception e) => e switch
    {
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException
            or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => e.InnerException is { } inner && IsWriteConflict(inner),
    };
}

public sealed class StreamWrite<TView>(string streamKey, EventStamp stamp, Func<IObjectStream<TView>, IResult> decide, CancellationToken requestAborted,
    bool createsWhenAbsent = false)
    : StreamWrite(streamKey, stamp, requestAborted, createsWhenAbsent) where TView : class, IStreamView
{
    private const int MaxAttempts = 8;
    private TView? _held;

    public override Type ViewType => typeof(TView);

    internal override NpgsqlBatchCommand LoadCommand(DirectEventStore store) => store.ViewTable<TView>().LoadCommand(StreamKey);

    internal override async Task<bool> ReadHeldAsync(DirectEventStore store, DbDataReader reader, CancellationToken ct)
    {
        DecidedUnloaded = false;
        _held = await store.ViewTable<TView>().ReadAsync(reader, ct);
        return _held is not null;
    }

    internal override void AssumeAbsent()
    {
        DecidedUnloaded = true;
        _held = null;
    }

    internal override async Task<(IResult Answer, bool Appended)> DecideIntoAsync(DirectEventStore store, EventAppendBatch batch,
        IQuerySession session, CancellationToken ct)
    {
        var decision = new Decision(_held);
        var answer = decide(decision);
        if (decision.Events.Count == 0) return (answer, false);
        var heldVersion = _held?.Version ?? 0;
        var events = batch.Prepare(StreamKey, heldVersion, decision.Events, Stamp);
        var table = store.ViewTable<TView>();
        var (view, action) = await table.FoldAsync(session, _held, StreamKey, events, ct);
        if (action != ActionType.Store || view is null)
            throw new NotSupportedException($"{typeof(TView).Name}: a receiver's view is stored after every push (got {action}).");
        batch.Append(StreamKey, typeof(TView), heldVersion, events);
        batch.Store(table, view, heldVersion + events.Count);
        return (answer, true);
    }

    public override async Task<IResult> WriteAloneAsync(IDocumentStore store, ILogger log)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            Stamp.ApplyTo(session);
            try
            {
                var stream = await session.Events.FetchForExclusiveWriting<TView>(StreamKey, RequestAborted);
                var answer = decide(new LockedStream(stream));
                if (session.PendingChanges.Streams().Any())
                {
                    await session.SaveChangesAsync(RequestAborted);
                    StoredAlone = true;
                }
                return answer;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsWriteConflict(e))
            {
                log.LogDebug("Write conflict on {Stream} (attempt {Attempt}), retrying", StreamKey, attempt);
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), RequestAborted);
            }
        }
    }

    private sealed class Decision(TView? held) : IObjectStream<TView>
    {
        public List<object> Events { get; } = [];
        public TView? Aggregate => held;
        public void AppendOne(object @event) => Events.Add(@event);
    }

    private sealed class LockedStream(IEventStream<TView> stream) : IObjectStream<TView>
    {
        public TView? Aggregate => stream.Aggregate;
        public void AppendOne(object @event) => stream.AppendOne(@event);
    }
}
