using JasperFx.Events;
using Marten.Events.Projections;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Cdrs;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>
/// Async (daemon): a CDR's billing line from its CdrReceived, then the verdict of each CdrCostChecked on the same stream
/// (the latest holds). Grouped by stream key, so that the cost check, which knows only the CDR id, finds its line.
/// Asynchronous because nothing a partner does waits for it: a CDR POST is answered without writing its line.
/// </summary>
public sealed class BillingLineProjection : MultiStreamProjection<BillingLine, string>
{
    private readonly BillingTimeZone _zone;

    public BillingLineProjection(BillingTimeZone zone)
    {
        _zone = zone;
        Identity<IEvent<CdrReceived>>(e => e.StreamKey!);
        Identity<IEvent<CdrCostChecked>>(e => e.StreamKey!);
    }

    public BillingLine Create(IEvent<CdrReceived> e) =>
        BillingLine.From(e.StreamKey!, e.Data, e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true ? partner?.ToString() : null, _zone);

    public void Apply(BillingLine line, CdrCostChecked e)
    {
        line.Verdict = e.Check.Verdict;
        line.CostCheck = e.Check;
    }
}
