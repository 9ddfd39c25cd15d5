using System.Data;
using Marten;
using Npgsql;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>Where the chain first breaks: the seq, its stream when the event is there, and why.</summary>
public sealed record BrokenLink(long Seq, string? Stream, string Reason)
{
    /// <summary>The event's members no longer give the link sealed for it (or a link before it was removed).</summary>
    public const string Altered = "altered";
    /// <summary>An event at a seq the chain passed without sealing it (written into a gap, or with a forged seq).</summary>
    public const string Inserted = "inserted";
    /// <summary>A sealed event is no longer in the store.</summary>
    public const string Deleted = "deleted";
}

/// <summary>
/// The answer of a verification: <see cref="Checked"/> sealed positions compared, the first broken one (null when ok),
/// and the events newer than the chain's end (not yet sealed: not a fault).
/// </summary>
public sealed record AuditVerification(bool Ok, long Checked, BrokenLink? FirstBroken, long Unsealed);

/// <summary>
/// Recomputes the chain over a range of sequence numbers from the events as they are now and compares it with the
/// sealed links, walking both tables in sequence order a batch at a time (constant memory for any range), in one
/// repeatable-read snapshot so that the sealer working meanwhile cannot make the two disagree.
/// The range's first link is computed after the sealed link before <c>from</c>: verify from the start to prove the
/// whole chain, and compare the result with a published checkpoint.
/// </summary>
public sealed class AuditChainVerifier(IDocumentStore store)
{
    private const int Batch = 1000;
    private readonly AuditChainTable _table = new(store.Options.Events.DatabaseSchemaName);

    public async Task<AuditVerification> VerifyAsync(long? from, long? to, CancellationToken ct, IProgress<long>? progress = null)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

        // From the very lowest seq by default: a row forged with a seq below the first real one (0, negative) is seen too.
        var first = from ?? long.MinValue + 1;
        var last = to ?? long.MaxValue;
        var end = (await _table.LastSealedAsync(connection, null, ct))?.Seq ?? 0;
        var unsealed = await _table.CountEventsAsync(connection, Math.Max(end, first - 1), last, ct);
        var upTo = Math.Min(last, end);

        var previous = (await _table.LastSealedAsync(connection, first - 1, ct))?.Link;
        long cursor = first - 1, checkedCount = 0;
        while (cursor < upTo)
        {
            var events = await _table.EventsAsync(connection, cursor, upTo, Batch, ct);
            var links = await _table.LinksAsync(connection, cursor, upTo, Batch, ct);
            // Compare only below what both reads surely cover; the rest is read again in the next round.
            var covered = Math.Min(events.Count == Batch ? events[^1].Seq : upTo, links.Count == Batch ? links[^1].Seq : upTo);
            int e = 0, l = 0;
            while (true)
            {
                var eventSeq = e < events.Count && events[e].Seq <= covered ? events[e].Seq : long.MaxValue;
                var linkSeq = l < links.Count && links[l].Seq <= covered ? links[l].Seq : long.MaxValue;
                if (eventSeq == long.MaxValue && linkSeq == long.MaxValue) break;
                checkedCount++;
                if (eventSeq < linkSeq)
                    return new AuditVerification(false, checkedCount, new BrokenLink(eventSeq, events[e].Stream, BrokenLink.Inserted), unsealed);
                if (linkSeq < eventSeq)
                    return new AuditVerification(false, checkedCount, new BrokenLink(linkSeq, null, BrokenLink.Deleted), unsealed);
                var computed = events[e].Link(previous);
                if (computed != links[l].Link)
                    return new AuditVerification(false, checkedCount, new BrokenLink(eventSeq, events[e].Stream, BrokenLink.Altered), unsealed);
                previous = computed;
                e++;
                l++;
            }
            cursor = covered;
            progress?.Report(checkedCount);
        }
        return new AuditVerification(true, checkedCount, null, unsealed);
    }
}
