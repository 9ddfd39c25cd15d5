using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>Inline: the receiver's GET, and the reconciliation of the next record, must see a push once it is answered.</summary>
public sealed class InvoiceReconciliationProjection : SingleStreamProjection<InvoiceReconciliationView, string>
{
    public InvoiceReconciliationView Create(IEvent<InvoiceReconciliationRecordPushed> e)
    {
        var view = New(e, e.Data.CountryCode, e.Data.PartyId, e.Data.RecordId);
        Apply(e, view);
        return Created(view);
    }

    public InvoiceReconciliationView Create(IEvent<InvoiceReconciliationRecordIssued> e)
    {
        var view = New(e, OcpiPayload.String(e.Data.Record, "country_code")!, OcpiPayload.String(e.Data.Record, "party_id")!,
            OcpiPayload.String(e.Data.Record, "id")!);
        Apply(e, view);
        return Created(view);
    }

    public void Apply(IEvent<InvoiceReconciliationRecordPushed> e, InvoiceReconciliationView view)
    {
        // Direct billing: the CDR ids are in the namespace of the CPO that owns the record.
        view.Direction = InvoiceReconciliationView.Direct;
        SetCpo(view, e.Data.CountryCode, e.Data.PartyId);
        Take(view, e.Data.Record, e);
        if (e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) view.PartnerId = partner?.ToString();
    }

    public void Apply(IEvent<InvoiceReconciliationRecordIssued> e, InvoiceReconciliationView view)
    {
        view.Direction = InvoiceReconciliationView.Reverse;
        SetCpo(view, e.Data.CpoCountryCode, e.Data.CpoPartyId);
        view.Month = e.Data.Month;
        Take(view, e.Data.Record, e);
    }

    public void Apply(IEvent<InvoiceReconciliationRecordDeleted> e, InvoiceReconciliationView view)
    {
        view.Deleted = true;
        view.Version = e.Version;
    }

    public void Apply(IEvent<InvoiceReconciliationRecordStalePushIgnored> e, InvoiceReconciliationView view) => view.Version = e.Version;

    private static InvoiceReconciliationView New(IEvent e, string countryCode, string partyId, string recordId) => new()
    {
        Id = e.StreamKey!, CountryCode = countryCode, PartyId = partyId, RecordId = recordId,
    };

    /// <summary>From the payload, not the event's timestamp: a rebuild must write exactly what the push wrote.</summary>
    private static InvoiceReconciliationView Created(InvoiceReconciliationView view)
    {
        view.FirstIssuedAt = view.LastUpdated;
        return view;
    }

    private static void SetCpo(InvoiceReconciliationView view, string countryCode, string partyId)
    {
        view.CpoCountryCode = countryCode;
        view.CpoPartyId = partyId;
        view.Cpo = InvoiceReconciliationView.CpoKey(countryCode, partyId);
    }

    private static void Take(InvoiceReconciliationView view, JsonObject record, IEvent e)
    {
        view.Record = (JsonObject)record.DeepClone();
        view.InvoiceId = OcpiPayload.String(record, "invoice_id") ?? "";
        view.Cdrs = (record["cdrs"] as JsonArray ?? []).Select(c => c is JsonValue v && v.TryGetValue<string>(out var id) ? id : null)
            .OfType<string>().ToList();
        view.LastUpdated = OcpiPayload.LastUpdated(record);
        view.Deleted = false;
        view.Version = e.Version;
    }
}
