using JasperFx.Events;
using Marten;

namespace Ocpi.Emsp.Audit;

/// <summary>
/// The metadata of every event one request causes (see <see cref="EventMetadata"/>), taken when the request arrives so
/// that it can be put on a session or on single events (a group commit stores events of several requests at once).
/// </summary>
public sealed record EventStamp(string CorrelationId, string CausationId, IReadOnlyList<KeyValuePair<string, object>> Headers)
{
    public void ApplyTo(IDocumentSession session)
    {
        session.CorrelationId = CorrelationId;
        session.CausationId = CausationId;
        foreach (var (key, value) in Headers) session.SetHeader(key, value);
    }

    public void ApplyTo(IEvent e)
    {
        e.CorrelationId = CorrelationId;
        e.CausationId = CausationId;
        foreach (var (key, value) in Headers) e.SetHeader(key, value);
    }
}
