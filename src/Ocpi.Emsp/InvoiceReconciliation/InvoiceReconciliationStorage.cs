using JasperFx.Events.Projections;
using Marten;

namespace Ocpi.Emsp.InvoiceReconciliation;

public static class InvoiceReconciliationStorage
{
    /// <summary>
    /// The records' view, inline (the receiver's GET and the next reconciliation see a push at once). Duplicated columns
    /// only for what the lists filter and sort on; owner filters go by the stream key's prefix.
    /// </summary>
    public static void AddInvoiceReconciliation(this StoreOptions opts)
    {
        opts.Projections.Add<InvoiceReconciliationProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<InvoiceReconciliationView>()
            .Duplicate(r => r.Cpo).Duplicate(r => r.Direction).Duplicate(r => r.LastUpdated).Duplicate(r => r.FirstIssuedAt);
    }
}
