using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Appends a partner's push to one object's stream and answers once it is committed. Pushes to one object are
/// serialized (50 EVSE status PATCHes of one Location at once queue up instead of losing updates): each decision sees
/// the state left by the previous push. Concurrent pushes share transactions (<see cref="GroupCommit"/>).
/// </summary>
public sealed class ObjectStreamWriter(GroupCommit groupCommit)
{
    /// <param name="decide">Given the current view (null when new), appends events to the stream and returns the answer.</param>
    public Task<IResult> WriteAsync<TView>(HttpContext http, string streamKey, Func<IObjectStream<TView>, IResult> decide)
        where TView : class, IStreamView =>
        groupCommit.WriteAsync(new StreamWrite<TView>(streamKey, EventMetadata.OcpiStamp(http, http.Caller().Partner.Id), decide, http.RequestAborted));
}
