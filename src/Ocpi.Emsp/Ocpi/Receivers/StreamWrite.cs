using JasperFx.Events;
using Marten;
using JasperFx;
using Marten.Exceptions;
using Npgsql;
using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// One push waiting to be written to its object's stream: the decision (given the held view, which events to append
/// and what to answer), the metadata of the request, and the answer once the events are committed.
/// </summary>
public abstract class StreamWrite(string streamKey, EventStamp stamp, CancellationToken requestAborted)
{
    private readonly TaskCompletionSource<IResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string StreamKey { get; } = streamKey;
    public EventStamp Stamp { get; } = stamp;
    public CancellationToken RequestAborted { get; } = requestAborted;
    public Task<IResult> Answer => _answer.Task;

    public abstract Type ViewType { get; }

    /// <summary>Loads the held views of <paramref name="writes"/> (all of this write's <see cref="ViewType"/>) in one round trip.</summary>
    public abstract Task LoadHeldAsync(IQuerySession session, IReadOnlyList<StreamWrite> writes, CancellationToken ct);

    /// <summary>
    /// Decides on the view loaded by <see cref="LoadHeldAsync"/> and queues the events in <paramref name="session"/>,
    /// expecting the stream at the version the decision saw. Returns the answer and whether anything was queued.
    /// </summary>
    public abstract (IResult Answer, bool Appended) DecideInto(IDocumentSession session);

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

public sealed class StreamWrite<TView>(string streamKey, EventStamp stamp, Func<IObjectStream<TView>, IResult> decide, CancellationToken requestAborted)
    : StreamWrite(streamKey, stamp, requestAborted) where TView : class, IStreamView
{
    private const int MaxAttempts = 8;
    private TView? _held;

    public override Type ViewType => typeof(TView);

    public override async Task LoadHeldAsync(IQuerySession session, IReadOnlyList<StreamWrite> writes, CancellationToken ct)
    {
        // One round trip of single-key loads rather than one "id = ANY($1)": a prepared statement keeps the generic plan
        // it got when the table was tiny, and for ANY that is a sequential scan (seen at 0.4 ms and growing with the
        // table); an equality on the primary key is planned as an index lookup at any size.
        var batch = session.CreateBatchQuery();
        var loads = writes.Cast<StreamWrite<TView>>().Select(w => (Write: w, View: batch.Load<TView>(w.StreamKey))).ToList();
        await batch.Execute(ct);
        foreach (var (write, view) in loads) write._held = await view;
    }

    public override (IResult Answer, bool Appended) DecideInto(IDocumentSession session)
    {
        var decision = new Decision(_held);
        var answer = decide(decision);
        if (decision.Events.Count == 0) return (answer, false);
        var action = _held is null
            ? session.Events.StartStream<TView>(StreamKey, decision.Events)
            : session.Events.Append(StreamKey, _held.Version + decision.Events.Count, decision.Events);
        foreach (var e in action.Events) Stamp.ApplyTo(e);
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
                if (session.PendingChanges.Streams().Any()) await session.SaveChangesAsync(RequestAborted);
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
