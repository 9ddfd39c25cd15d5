using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>A receiver view as the PUT rule needs it: the held object's last_updated, and whether it exists (not deleted).</summary>
public interface IHeldObject : IStreamView
{
    DateTimeOffset LastUpdated { get; }
    bool Exists { get; }
}

/// <summary>
/// PUT of a whole Client Owned Object, the same for every receiver: older than what we hold → recorded, not applied,
/// answered 1000 (<see cref="StalePush"/>); otherwise appended and answered 201 when new, 200 when replaced.
/// </summary>
public static class WholeObjectPut
{
    public static Task<IResult> PutAsync<TView>(this ObjectStreamWriter writer, HttpContext http, string streamKey, JsonObject body,
        Func<JsonObject, object> put, Func<DateTimeOffset, DateTimeOffset, JsonObject, object> stale) where TView : class, IHeldObject =>
        writer.WriteAsync<TView>(http, streamKey, stream =>
        {
            var held = stream.Aggregate;
            var received = OcpiPayload.LastUpdated(body);
            if (held is not null && StalePush.IsStale(received, held.LastUpdated))
            {
                stream.AppendOne(stale(received, held.LastUpdated, body));
                return StalePush.Answer(received, held.LastUpdated);
            }
            stream.AppendOne(put(body));
            return OcpiResults.Ok(held is { Exists: true } ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        });
}
