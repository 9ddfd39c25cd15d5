using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Marten.Exceptions;
using Npgsql;
using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Appends to one object's stream, serialized per stream: the stream row is locked for the transaction
/// (Marten's exclusive fetch), so concurrent pushes to one object (50 EVSE status PATCHes at once) queue up instead of
/// losing updates; the decision sees the state left by the previous writer. Creation races are retried.
/// </summary>
public sealed class ObjectStreamWriter(IDocumentStore store, ILogger<ObjectStreamWriter> logger)
{
    private const int MaxAttempts = 8;

    /// <param name="decide">Given the current view (null when new), appends events to the stream and returns the answer.</param>
    public async Task<IResult> WriteAsync<TView>(HttpContext http, string streamKey, Func<IEventStream<TView>, IResult> decide)
        where TView : class
    {
        var partnerId = http.Caller().Partner.Id;
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.StampFromOcpiRequest(http, partnerId);
            try
            {
                var stream = await session.Events.FetchForExclusiveWriting<TView>(streamKey, http.RequestAborted);
                var result = decide(stream);
                if (session.PendingChanges.Streams().Any()) await session.SaveChangesAsync(http.RequestAborted);
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsWriteConflict(e))
            {
                logger.LogDebug("Write conflict on {Stream} (attempt {Attempt}), retrying", streamKey, attempt);
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), http.RequestAborted);
            }
        }
    }

    private static bool IsWriteConflict(Exception e) => e switch
    {
        ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        MartenCommandException { InnerException: { } inner } => IsWriteConflict(inner),
        _ => e.InnerException is { } inner2 && IsWriteConflict(inner2),
    };
}
