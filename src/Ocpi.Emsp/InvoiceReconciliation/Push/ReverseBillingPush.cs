using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.InvoiceReconciliation.Push;

/// <summary>We issued a reverse-billing record (enrolled in the outbox in the same transaction as the record's event).</summary>
public sealed record ReverseBillingRecordIssued(string RecordKey, bool Created);

/// <summary>
/// Pushes an issued record to the CPO it is about, when that CPO's platform advertises an invoicereconciliation RECEIVER
/// (push model of mod_invoice_reconciliation): POST to the module URL for a new record, PUT to
/// /{country_code}/{party_id}/{id} for a record issued again. A failed push is logged and not retried: the CPO catches
/// up with the pull model (our SENDER list), which the spec gives for exactly that case.
/// </summary>
public static class ReverseBillingRecordIssuedHandler
{
    public static async Task Handle(ReverseBillingRecordIssued message, IQuerySession session, IHttpClientFactory httpClients,
        IHttpContextAccessor accessor, IOptions<EmspOptions> options, ILogger<ReverseBillingRecordIssued> logger, CancellationToken ct)
    {
        var record = await session.LoadAsync<InvoiceReconciliationView>(message.RecordKey, ct);
        if (record is null || record.Deleted) return;
        var cpo = new PartyRef(record.CpoCountryCode, record.CpoPartyId);
        // The CPO's own platform, or the Hub in front of it; a party its Hub reports unreachable pulls the record later.
        if (await PartyRoutes.FindAsync(session, cpo, "CPO", ct) is not { Unreachable: null, Partner: var partner }) return;
        if (partner.FindEndpoint(ModuleId.InvoiceReconciliation, InterfaceRole.RECEIVER) is not { } endpoint) return;
        if (await session.LoadAsync<PartnerSecret>(partner.Id, ct) is not { } secret) return;
        var (method, url) = message.Created
            ? (HttpMethod.Post, endpoint.Url)
            : (HttpMethod.Put, $"{endpoint.Url.TrimEnd('/')}/{Uri.EscapeDataString(record.CountryCode)}/{Uri.EscapeDataString(record.PartyId)}/{Uri.EscapeDataString(record.RecordId)}");
        try
        {
            await new OcpiClient(httpClients.CreateClient(nameof(OcpiClient)), accessor)
                .SendForEnvelopeAsync(method, url, secret.OutboundToken, record.Record, ct, routing: (options.Value.Party, cpo));
        }
        catch (PartnerCallException e)
        {
            logger.LogWarning("Invoice reconciliation record {Record} not pushed to partner {PartnerId}: {Reason}; it can pull it",
                record.Id, partner.Id, e.Message);
        }
    }
}
