using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.InvoiceReconciliation.Push;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Versions;
using Wolverine.Marten;

namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>The body of POST /api/billing/reconciliation: our credit invoice to a CPO for one UTC month.</summary>
public sealed record ReverseBillingRequest(ReverseBillingCpo? Cpo, string? Month, string? InvoiceId);

public sealed record ReverseBillingCpo(string? CountryCode, string? PartyId);

/// <summary>
/// Reverse billing: issues our InvoiceReconciliationRecord for a credit invoice to a CPO. It lists every CDR of that
/// CPO party whose end_date_time falls in the month (UTC), from the CDR view (inline, so complete once a CDR POST was
/// answered), and is owned by our own party (Emsp:CountryCode/Emsp:PartyId). The record id is derived from the CPO and
/// the invoice id, so the same invoice issued again replaces its record (a fresh list, a later last_updated) instead of
/// adding a second one: an invoice is corrected by an updated record (mod_invoice_reconciliation, push model).
/// </summary>
public static class ReverseBilling
{
    public sealed record Outcome(Dictionary<string, string[]>? Errors, InvoiceReconciliationView? Record, bool Created);

    public static async Task<Outcome> IssueAsync(HttpContext http, IDocumentSession session, IMartenOutbox outbox, PartyRef us,
        TimeProvider clock, ReverseBillingRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var country = request.Cpo?.CountryCode;
        var party = request.Cpo?.PartyId;
        if (country is not { Length: 2 } || !country.All(char.IsAsciiLetterOrDigit))
            errors["cpo.country_code"] = ["must be 2 letters or digits (CiString(2))"];
        if (party is not { Length: >= 1 and <= 3 } || !party.All(char.IsAsciiLetterOrDigit))
            errors["cpo.party_id"] = ["must be 1 to 3 letters or digits (CiString(3))"];
        if (!DateTime.TryParseExact(request.Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            errors["month"] = ["must be a month as yyyy-MM"];
        if (request.InvoiceId is not { Length: >= 1 and <= 255 } invoiceId || !invoiceId.All(c => c is >= ' ' and <= '~'))
            errors["invoice_id"] = ["must be 1 to 255 printable ASCII characters (CiString(255))"];
        if (errors.Count > 0) return new(errors, null, false);

        var cpo = new PartyRef(country!.ToUpperInvariant(), party!.ToUpperInvariant());
        var from = new DateTimeOffset(month, TimeSpan.Zero);
        var to = from.AddMonths(1);
        var prefix = StreamKeys.For("cdr", cpo, "");
        var cdrs = await session.Query<CdrView>()
            .Where(c => c.Id.StartsWith(prefix) && c.EndDateTime >= from && c.EndDateTime < to)
            .OrderBy(c => c.EndDateTime).ThenBy(c => c.Id)
            .Select(c => c.CdrId)
            .ToListAsync(http.RequestAborted);
        if (cdrs.Count == 0)
            return new(new() { ["month"] = [$"no CDR of {cpo} ended in {request.Month} (UTC); a record lists at least one CDR"] }, null, false);

        var id = RecordIdFor(cpo, request.InvoiceId!);
        var key = StreamKeys.For(ModuleId.InvoiceReconciliation, us, id);
        var stream = await session.Events.FetchForExclusiveWriting<InvoiceReconciliationView>(key, http.RequestAborted);
        var now = clock.GetUtcNow();
        // last_updated never moves backwards (CPOs pull with date_from), even for a re-issue within the same millisecond.
        if (stream.Aggregate is { } held && now <= held.LastUpdated) now = held.LastUpdated.AddMilliseconds(1);
        var record = new JsonObject
        {
            ["country_code"] = us.CountryCode,
            ["party_id"] = us.PartyId,
            ["id"] = id,
            ["invoice_id"] = request.InvoiceId,
            ["cdrs"] = new JsonArray([.. cdrs.Select(c => (JsonNode)c)]),
            ["last_updated"] = OcpiDateTime.Format(now),
        };
        stream.AppendOne(new InvoiceReconciliationRecordIssued(cpo.CountryCode, cpo.PartyId, request.Month!, record));
        var created = stream.Aggregate is not { Deleted: false };
        session.StampFromInternalRequest(http);
        // The push to the CPO is sent only if the record is stored, and is not lost if this node stops after the commit.
        outbox.Enroll(session);
        await outbox.PublishAsync(new ReverseBillingRecordIssued(key, created));
        await session.SaveChangesAsync(http.RequestAborted);
        var view = await session.LoadAsync<InvoiceReconciliationView>(key, http.RequestAborted);
        return new(null, view, created);
    }

    /// <summary>"{CC}{PID}-" and 24 hex digits of SHA-256 over the CPO and the (case-insensitive) invoice id: at most 30 characters.</summary>
    public static string RecordIdFor(PartyRef cpo, string invoiceId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{cpo.Key}\n{invoiceId.ToUpperInvariant()}"));
        return $"{cpo.Key}-{Convert.ToHexString(hash)[..24]}";
    }
}
