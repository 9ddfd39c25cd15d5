using Marten;
using JasperFx.Events;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// A read-decide-append on one stream in its own session, the stream row locked (<c>for update</c>) from the read to the
/// commit, so two writers of one stream take turns instead of one failing. Only a race to create the stream (no row to
/// lock yet) or a lock wait that times out can still conflict: then the whole decision is made again on what is stored
/// now, a bounded number of times, and a last conflict is thrown.
/// </summary>
public static class LockedAppend
{
    private const int MaxAttempts = 6;

    /// <summary>Whether nothing was written because another writer of the stream came first.</summary>
    public static bool IsConflict(Exception e) => StreamWrite.IsWriteConflict(e) || e is Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException;

    /// <summary>
    /// Fetches <paramref name="streamKey"/> locked, lets <paramref name="decide"/> append to it (or not) and commits what
    /// it appended; <paramref name="stamp"/> sets the session's metadata before anything is appended.
    /// </summary>
    public static async Task<T> RunAsync<TView, T>(IDocumentStore store, string streamKey, Action<IDocumentSession> stamp,
        Func<IEventStream<TView>, T> decide, ILogger log, CancellationToken ct) where TView : class
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            stamp(session);
            try
            {
                var stream = await session.Events.FetchForExclusiveWriting<TView>(streamKey, ct);
                var outcome = decide(stream);
                if (session.PendingChanges.Streams().Any()) await session.SaveChangesAsync(ct);
                return outcome;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsConflict(e))
            {
                log.LogDebug("Write conflict on {Stream} (attempt {Attempt}), deciding again", streamKey, attempt);
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }
}
