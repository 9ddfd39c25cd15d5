using Marten;

namespace Ocpi.Emsp.Audit.State;

/// <summary>The last event a state includes.</summary>
public sealed record AppliedEvent(long Seq, string Type, DateTimeOffset Timestamp);

/// <summary>An object as we held it at one version of its stream.</summary>
public sealed record StreamStateAnswer(string Stream, long Version, AppliedEvent LastEvent, object? State);

/// <summary>
/// The object of a stream as we held it at an instant or a version: its events up to there, folded by the projection
/// that builds its view (Marten's live aggregation), so the answer is what the view said then.
/// </summary>
public static class StreamStateRead
{
    /// <param name="at">Include the events appended at or before this instant. Timestamps are shown to the millisecond, so an
    /// instant without a sub-millisecond part includes the whole millisecond: asking at an event's shown timestamp includes it.</param>
    /// <returns>Null when the stream had no event yet at that point (or never reached that version).</returns>
    public static async Task<StreamStateAnswer?> ReadAsync(IQuerySession session, string streamKey, DateTimeOffset? at, long? version,
        CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(streamKey, version: version ?? 0, token: ct);
        var bound = at is { } instant ? Inclusive(instant) : (DateTimeOffset?)null;
        var last = events.LastOrDefault(e => bound is null || e.Timestamp <= bound);
        if (last is null || (version is { } wanted && last.Version != wanted)) return null;
        var view = await StreamKinds.ViewTypeAsync(session, streamKey, ct)
            ?? throw new InvalidOperationException($"No view is known for stream {streamKey}");
        var state = await StreamKinds.FoldAsync(session, view, streamKey, last.Version, ct);
        return new StreamStateAnswer(streamKey, last.Version, new AppliedEvent(last.Sequence, last.EventTypeName, last.Timestamp), state);
    }

    private static DateTimeOffset Inclusive(DateTimeOffset at) =>
        at.Ticks % TimeSpan.TicksPerMillisecond == 0 ? at.AddTicks(TimeSpan.TicksPerMillisecond - 1) : at;
}
