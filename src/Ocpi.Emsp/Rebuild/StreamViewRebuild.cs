using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Ocpi.Emsp.Storage;
using Marten.Events;
using Marten.Events.Aggregation;
using Weasel.Core;

namespace Ocpi.Emsp.Rebuild;

/// <summary>
/// Rebuilds one inline single-stream view from its streams in bulk: the view's table is emptied, the events are read in
/// one ordered scan (stream by stream, so only one stream's events are held at a time), each stream is folded by the
/// registered projection itself (its own Create/Apply methods, through Marten's dispatcher), and the documents are
/// written with COPY while the next streams are being read and folded.
/// </summary>
internal sealed class StreamViewRebuild<TDoc>(
    DocumentStore store,
    SingleStreamProjection<TDoc, string> projection,
    int documentsPerCopy) : IViewRebuild where TDoc : class
{
    private readonly DocumentIdentity<TDoc> _identity = new();

    public string Name => typeof(TDoc).Name;

    public async Task<ViewRebuildResult> RunAsync(long ceiling, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var events = new EventReader(store, projection.IncludedEventTypes);
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(TDoc), ct);

        var batches = Channel.CreateBounded<List<Rebuilt<TDoc>>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var writer = WriteAsync(batches, ct);
        long eventCount = 0, documentCount = 0;
        try
        {
            await using var session = store.QuerySession();
            var batch = new List<Rebuilt<TDoc>>(documentsPerCopy);
            await foreach (var stream in events.ReadStreamsAsync(ceiling, ct))
            {
                eventCount += stream.Events.Count;
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
        finally
        {
            batches.Writer.TryComplete();
            await writer;
        }
        return new ViewRebuildResult(Name, eventCount, documentCount, clock.Elapsed);
    }

    private async Task WriteAsync(Channel<List<Rebuilt<TDoc>>> batches, CancellationToken ct)
    {
        try
        {
            await using var writer = new ViewWriter<TDoc>(store);
            await foreach (var batch in batches.Reader.ReadAllAsync(ct)) await writer.WriteAsync(batch, ct);
        }
        catch (Exception e)
        {
            // Stops the reading side too (its next hand-over throws), instead of leaving it waiting on a full channel.
            batches.Writer.TryComplete(e);
            throw;
        }
    }
}
