using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Tariffs;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>
/// Every CDR is checked against its tariff once, after it is stored. CDR pushes are written by the group commit's own
/// SQL, not by Marten sessions, so the check runs on the async daemon, which reads mt_events in sequence order whoever
/// wrote them: one node (the daemon's leader) checks, and its progress is kept in mt_event_progression, so a restart
/// resumes after the last page it finished. A page interrupted half-way is processed again, and
/// <see cref="CdrCostCheck"/> then skips what was already checked.
///
/// A Tariff PUT checks again the CDRs that were left UNPRICEABLE for the want of that tariff (<see cref="CdrAwaitingTariff"/>).
/// </summary>
public sealed class CostCheckSubscription : SubscriptionBase
{
    public const string SubscriptionName = "CostCheck";
    /// <summary>CDRs checked in one session (one load, one commit).</summary>
    private const int BatchSize = 100;
    private readonly CdrCostCheck _check;
    private readonly TariffResolver _resolver = new();

    public CostCheckSubscription(CostCheckOptions options, ILogger<CostCheckSubscription> log)
    {
        Name = SubscriptionName;
        IncludeType<CdrReceived>();
        IncludeType<TariffPut>();
        IncludeType<TariffDeleted>();
        _check = new CdrCostCheck(options.CostCheckTolerance, log);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var store = operations.DocumentStore;
        await using var query = store.QuerySession();
        var resolver = _resolver;
        // CDRs are checked together, in order; a Tariff PUT waits for the CDRs before it, whose checks may be waiting for it.
        var received = new List<IEvent>();
        foreach (var e in page.Events)
        {
            switch (e.Data)
            {
                case CdrReceived:
                    received.Add(e);
                    if (received.Count == BatchSize) await FlushAsync();
                    break;
                case TariffDeleted:
                    await FlushAsync();
                    resolver.Forget(e.StreamKey!);
                    break;
                case TariffPut:
                    await FlushAsync();
                    resolver.Forget(e.StreamKey!);
                    var waiting = await query.Query<CdrAwaitingTariff>().Where(w => w.TariffKey == e.StreamKey)
                        .Select(w => w.CdrKey).ToListAsync(cancellationToken);
                    foreach (var cdrKey in waiting.Distinct())
                        await _check.CheckAsync(store, resolver, cdrKey, e, again: true, cancellationToken);
                    break;
            }
        }
        await FlushAsync();
        return NullChangeListener.Instance;

        async Task FlushAsync()
        {
            await _check.CheckFirstAsync(store, resolver, received, cancellationToken);
            received.Clear();
        }
    }
}
