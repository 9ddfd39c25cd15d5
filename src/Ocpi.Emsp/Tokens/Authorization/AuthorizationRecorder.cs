using System.Threading.Channels;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Stores authorization decisions as events, many per transaction: the requests waiting at the same moment share one
/// commit (group commit), each answer still waits until its decision is stored. A driver is waiting, so the commit
/// does not wait for the WAL flush either: only a crash of the database server itself within a fraction of a second can
/// lose a decision (never partially: PostgreSQL stays consistent). Partner pushes are always fully durable.
/// </summary>
public sealed class AuthorizationRecorder(IDocumentStore store, ILogger<AuthorizationRecorder> log) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the decision is stored; throws when storing failed (the caller answers an error).</summary>
    public Task RecordAsync(AuthorizationDecided decision, HttpContext http, string partnerId)
    {
        var ids = OcpiRequestIds.Of(http);
        var pending = new Pending(decision, ids.CorrelationId, ids.RequestId, partnerId, http.Routing().From?.ToString(),
            OcpiDateTime.Format(ids.ReceivedAt), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending)) throw new InvalidOperationException("The service is stopping: authorization decisions are no longer recorded");
        return pending.Stored.Task;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>Runs until the channel is completed and drained, so decisions accepted before a shutdown are stored.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await StoreAsync(batch);
                foreach (var stored in batch) stored.Stored.TrySetResult();
            }
            catch (Exception e)
            {
                log.LogError(e, "Could not store {Count} authorization decisions", batch.Count);
                foreach (var failed in batch) failed.Stored.TrySetException(e);
            }
        }
    }

    private async Task StoreAsync(List<Pending> batch)
    {
        await using var session = store.LightweightSession();
        session.QueueSqlCommand("set local synchronous_commit to off");
        foreach (var pending in batch)
        {
            var action = session.Events.StartStream<AuthorizationView>(AuthorizationView.StreamKey(pending.Decision.Reference), pending.Decision);
            var stored = action.Events[0];
            stored.CorrelationId = pending.CorrelationId;
            stored.CausationId = pending.RequestId;
            stored.SetHeader(EventMetadata.SourceHeader, "ocpi");
            stored.SetHeader(EventMetadata.PartnerHeader, pending.PartnerId);
            stored.SetHeader(EventMetadata.RequestIdHeader, pending.RequestId);
            stored.SetHeader(EventMetadata.ReceivedAtHeader, pending.ReceivedAt);
            if (pending.OcpiFrom is not null) stored.SetHeader(EventMetadata.OcpiFromHeader, pending.OcpiFrom);
        }
        await session.SaveChangesAsync();
    }

    private sealed record Pending(AuthorizationDecided Decision, string CorrelationId, string RequestId, string PartnerId, string? OcpiFrom,
        string ReceivedAt, TaskCompletionSource Stored);
}
