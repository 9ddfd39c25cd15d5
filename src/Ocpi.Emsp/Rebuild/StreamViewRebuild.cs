using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Ocpi.Emsp.Hosting.CommandLine;
using Ocpi.Emsp.Storage;
using Marten.Events;
using Marten.Events.Aggregation;

namespace Ocpi.Emsp.Rebuild;

/// <summary>
/// Rebuilds one inline single-stream view from its streams in bulk: the events are read in one ordered scan (stream by
/// stream, so only one stream's events are held at a time), each stream is folded by the registered projection itself
/// (its own Create/Apply methods, through Marten's dispatcher), and the documents are written with COPY while the next
/// streams are being read and folded, all into the view's one rebuild transaction (<see cref="ViewWriter{TDoc}"/>):
/// committed when every stream is folded and written, rolled back to the old rows on any failure of either side.
/// </summary>
internal sealed class StreamViewRebuild<TDoc>(
    DocumentStore store,
    SingleStreamProjection<TDoc, string> projection,
    int documentsPerCopy) : IViewRebuild where TDoc : class
{
    private readonly DocumentIdentity<TDoc> _identity = new();

    public string Name => typeof(TDoc).Name;
    public TableContract Table => ViewColumns.ContractOf(store, typeof(TDoc));

    public async Task<ViewRebuildResult> RunAsync(long ceiling, CommandProgress? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var events = new EventReader(store, projection.IncludedEventTypes);
        if (progress is not null) progress.AddToTotal(await events.CountAsync(ceiling, ct));
        var batches = Channel.CreateBounded<List<Rebuilt<TDoc>>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var writer = WriteAsync(batches, ct);
        long eventCount = 0, documentCount = 0;
        Exception? failure = null;
        try
        {
            await using var session = store.QuerySession();
            var batch = new List<Rebuilt<TDoc>>(documentsPerCopy);
            await foreach (var stream in events.ReadStreamsAsync(ceiling, ct))
            {
                eventCount += stream.Events.Count;
                progress?.Add(stream.Events.Count);
                var (doc, action) = await projection.DetermineActionAsync(session, null, stream.Key, _identity, stream.Events, ct);
                if (action != ActionType.Store || doc is null) continue;
                batch.Add(new Rebuilt<TDoc>(doc, stream.Events[^1].Version));
                documentCount++;
                if (batch.Count < documentsPerCopy) continue;
                await batches.Writer.WriteAsync(batch, ct);
                batch = new List<Rebuilt<TDoc>>(documentsPerCopy);
            }
            if (batch.Count > 0) await batches.Writer.WriteAsync(batch, ct);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            // Completed with the reading side's failure, the writing side rolls back instead of committing what it has.
            batches.Writer.TryComplete(failure);
            try
            {
                await writer;
            }
            catch when (failure is not null and not ChannelClosedException)
            {
                // The reading side failed first: its failure is the one reported. When the reading side only found the
                // hand-over closed, the writing side's failure (thrown here) is the reason.
            }
        }
        return new ViewRebuildResult(Name, eventCount, documentCount, clock.Elapsed);
    }

    private async Task WriteAsync(Channel<List<Rebuilt<TDoc>>> batches, CancellationToken ct)
    {
        try
        {
            await using var writer = await ViewWriter<TDoc>.BeginAsync(store, ct);
            await foreach (var batch in batches.Reader.ReadAllAsync(ct)) await writer.WriteAsync(batch, ct);
            await writer.CommitAsync(ct);
        }
        catch (Exception e)
        {
            // Stops the reading side too (its next hand-over throws), instead of leaving it waiting on a full channel.
            batches.Writer.TryComplete(e);
            throw;
        }
    }
}
