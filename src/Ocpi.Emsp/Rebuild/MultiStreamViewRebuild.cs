using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Grouping;
using JasperFx.Events.Projections;
using Marten;
using Ocpi.Emsp.Hosting.CommandLine;
using Ocpi.Emsp.Storage;
using Marten.Events.Projections;

namespace Ocpi.Emsp.Rebuild;

/// <summary>
/// Rebuilds an asynchronous view that aggregates across streams (totals per CPO and day, registry counters): its events
/// are read in sequence order, grouped by the projection's own identity rules and folded by the projection into documents
/// held in memory (there are as many as the view has rows, not as many as events), which are then written with COPY.
/// The projection's progress is set to the last event read, so that the daemon continues from there: in the same
/// transaction as the rows (<see cref="ViewWriter{TDoc}"/>), so that the view and its progress are swapped in together,
/// or, on a failure, neither.
/// </summary>
internal sealed class MultiStreamViewRebuild<TDoc>(
    DocumentStore store,
    MultiStreamProjection<TDoc, string> projection,
    int documentsPerCopy) : IViewRebuild where TDoc : class
{
    private const int EventsPerSlice = 1_000;
    private readonly DocumentIdentity<TDoc> _identity = new();

    public string Name => projection.Name;
    public TableContract Table => ViewColumns.ContractOf(store, typeof(TDoc));

    public async Task<ViewRebuildResult> RunAsync(long ceiling, CommandProgress? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var events = new EventReader(store, projection.IncludedEventTypes);
        if (progress is not null) progress.AddToTotal(await events.CountAsync(ceiling, ct));

        var documents = new Dictionary<string, Rebuilt<TDoc>>();
        long eventCount = 0;
        await using (var session = store.QuerySession())
        {
            var slicer = projection.BuildSlicer(session);
            await foreach (var chunk in events.ReadInSequenceAsync(ceiling, EventsPerSlice, ct))
            {
                eventCount += chunk.Count;
                progress?.Add(chunk.Count);
                foreach (var group in (await slicer.SliceAsync(chunk)).Cast<SliceGroup<TDoc, string>>())
                foreach (var slice in group.Slices)
                {
                    var current = documents.TryGetValue(slice.Id, out var held) ? held.Document : null;
                    var (doc, action) = await projection.DetermineActionAsync(session, current, slice.Id, _identity, slice.Events(), ct);
                    // An aggregate across streams has no stream version: Marten records the last event's sequence.
                    if (action == ActionType.Store && doc is not null) documents[slice.Id] = new Rebuilt<TDoc>(doc, slice.Events()[^1].Sequence);
                    else if (action == ActionType.Delete) documents.Remove(slice.Id);
                }
            }
        }

        await using (var writer = await ViewWriter<TDoc>.BeginAsync(store, ct))
        {
            foreach (var batch in documents.Values.Chunk(documentsPerCopy)) await writer.WriteAsync(batch, ct);
            await RecordProgressAsync(writer, ceiling, ct);
            await writer.CommitAsync(ct);
        }
        return new ViewRebuildResult(Name, eventCount, documents.Count, clock.Elapsed);
    }

    /// <summary>The daemon's own progress row for this projection (<c>name:All</c>), as its rebuild leaves it.</summary>
    private Task RecordProgressAsync(ViewWriter<TDoc> writer, long ceiling, CancellationToken ct) => writer.ExecuteAsync(
        $"""
         insert into {store.Options.Events.DatabaseSchemaName}.mt_event_progression (name, last_seq_id, last_updated)
         values (@name, @ceiling, transaction_timestamp())
         on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
         """, ct, ("name", new ShardName(projection.Name).Identity), ("ceiling", ceiling));
}
