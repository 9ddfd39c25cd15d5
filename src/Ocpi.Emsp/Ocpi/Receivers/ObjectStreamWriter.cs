using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Appends a partner's push to one object's stream and answers once it is committed. Pushes to one object are
/// serialized (50 EVSE status PATCHes of one Location at once queue up instead of losing updates): each decision sees
/// the state left by the previous push. Concurrent pushes share transactions (<see cref="GroupCommit"/>). Objects read
/// from a partner's SENDER lists take the same path, so a push and a pull of one object are decided one after the other.
/// </summary>
public sealed class ObjectStreamWriter(GroupCommit groupCommit)
{
    /// <param name="decide">Given the current view (null when new), appends events to the stream and returns the answer.</param>
    /// <param name="createsWhenAbsent">The decision creates the object when none is held (see <see cref="StreamWrite.CreatesWhenAbsent"/>).</param>
    public Task<IResult> WriteAsync<TView>(HttpContext http, string streamKey, Func<IObjectStream<TView>, IResult> decide,
        bool createsWhenAbsent = false)
        where TView : class, IStreamView =>
        groupCommit.WriteAsync(new StreamWrite<TView>(streamKey, EventMetadata.OcpiStamp(http, http.Caller().Partner.Id), decide, http.RequestAborted,
            createsWhenAbsent));

    /// <summary>
    /// A write not caused by an HTTP request (pull sync): same decision, same group commit. Returns what the decision
    /// that was committed returned (a write met by another writer is decided again on what that one left).
    /// </summary>
    public async Task<T> WriteAsync<TView, T>(EventStamp stamp, string streamKey, Func<IObjectStream<TView>, T> decide, CancellationToken ct)
        where TView : class, IStreamView
    {
        var outcome = default(T);
        await groupCommit.WriteAsync(new StreamWrite<TView>(streamKey, stamp, stream =>
        {
            outcome = decide(stream);
            return Results.Empty;
        }, ct));
        return outcome!;
    }
}
