using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>A receiver view as the PUT rule needs it: the held object, its last_updated, and whether it exists (not deleted).</summary>
public interface IHeldObject : IStreamView
{
    DateTimeOffset LastUpdated { get; }
    bool Exists { get; }
    JsonObject Object { get; }
}

/// <summary>How a whole object was received: where it came from decides only what an old or repeated copy records.</summary>
public enum ObjectSource
{
    /// <summary>The partner PUT or POSTed it to our RECEIVER.</summary>
    Push,
    /// <summary>We read it from the partner's SENDER list (<see cref="Pull"/> sync).</summary>
    Pull,
}

public enum PutOutcome
{
    Created,
    Replaced,
    /// <summary>Older than what we hold: not applied (a push is still recorded for the audit trail).</summary>
    Stale,
    /// <summary>A pulled copy of what we hold (or no newer than it): no event.</summary>
    Unchanged,
}

/// <summary>
/// PUT of a whole Client Owned Object, the same for every receiver and for pull sync:
/// - older than what we hold → not applied, so out-of-order delivery never rolls state back (<see cref="StalePush"/>);
///   a push records it and is answered 1000, a pull records nothing (a SENDER list is read again and again);
/// - a pull no newer than what we hold, or identical to it, makes no event: a push wins over a pull of the same
///   instant, and reading a list twice stores nothing twice;
/// - otherwise the same event a push makes is appended; answered 201 when new, 200 when replaced.
/// </summary>
public static class WholeObjectPut
{
    /// <summary>What the object makes against the held stream; appends the event, if any.</summary>
    public static PutOutcome Decide<TView>(IObjectStream<TView> stream, JsonObject body, ObjectSource source,
        Func<JsonObject, object> put, Func<DateTimeOffset, DateTimeOffset, JsonObject, object> stale) where TView : class, IHeldObject
    {
        var held = stream.Aggregate;
        var received = OcpiPayload.LastUpdated(body);
        if (held is not null && StalePush.IsStale(received, held.LastUpdated))
        {
            if (source == ObjectSource.Push) stream.AppendOne(stale(received, held.LastUpdated, body));
            return PutOutcome.Stale;
        }
        // A deleted object is held too: a pulled copy of it as it was before the DELETE must not bring it back.
        if (source == ObjectSource.Pull && held is not null &&
            (received <= held.LastUpdated || (held.Exists && JsonNode.DeepEquals(held.Object, body))))
            return PutOutcome.Unchanged;
        stream.AppendOne(put(body));
        return held is { Exists: true } ? PutOutcome.Replaced : PutOutcome.Created;
    }

    public static Task<IResult> PutAsync<TView>(this ObjectStreamWriter writer, HttpContext http, string streamKey, JsonObject body,
        Func<JsonObject, object> put, Func<DateTimeOffset, DateTimeOffset, JsonObject, object> stale) where TView : class, IHeldObject =>
        writer.WriteAsync<TView>(http, streamKey, stream =>
        {
            var held = stream.Aggregate;
            return Decide(stream, body, ObjectSource.Push, put, stale) switch
            {
                PutOutcome.Stale => StalePush.Answer(OcpiPayload.LastUpdated(body), held!.LastUpdated),
                PutOutcome.Replaced => OcpiResults.Ok(StatusCodes.Status200OK),
                _ => OcpiResults.Ok(StatusCodes.Status201Created),
            };
        }, createsWhenAbsent: true);
}
