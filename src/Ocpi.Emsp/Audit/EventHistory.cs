using Marten;

namespace Ocpi.Emsp.Audit;

/// <summary>One event of a stream as the internal API shows it: its place, type, time and <see cref="EventMetadata"/>.</summary>
public sealed record EventRecord(long Version, string Type, DateTimeOffset Timestamp, string? CorrelationId, string? CausationId,
    IDictionary<string, object>? Headers, object Data);

/// <summary>The audit trail of one stream (a partner, a Location, a Session, ...).</summary>
public static class EventHistory
{
    /// <summary>Every event of the stream in order, with its metadata; null when the stream does not exist.</summary>
    public static async Task<IReadOnlyList<EventRecord>?> ForStreamAsync(IQuerySession session, string streamKey, CancellationToken ct = default)
    {
        var events = await session.Events.FetchStreamAsync(streamKey, token: ct);
        return events.Count == 0
            ? null
            : events.Select(e => new EventRecord(e.Version, e.EventTypeName, e.Timestamp, e.CorrelationId, e.CausationId, e.Headers, e.Data))
                .ToList();
    }
}
