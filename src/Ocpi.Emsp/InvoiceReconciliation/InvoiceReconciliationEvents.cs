using System.Text.Json.Nodes;

namespace Ocpi.Emsp.InvoiceReconciliation;

// One stream per InvoiceReconciliationRecord, keyed by its owner: invoicereconciliation:{CC}-{PID}:{ID}.
// Direct billing: the CPO owns the record and pushes it to us. Reverse billing: we own it (our country_code/party_id)
// and the CPO whose CDRs it lists pulls it. Metadata: see Audit/EventMetadata.

/// <summary>A CPO POSTed or PUT a whole record (creates, replaces, or re-creates after a delete).</summary>
public sealed record InvoiceReconciliationRecordPushed(string CountryCode, string PartyId, string RecordId, JsonObject Record);

/// <summary>The CPO DELETEd its record: the record itself was a mistake (corrections come as a PUT).</summary>
public sealed record InvoiceReconciliationRecordDeleted(string RecordId);

/// <summary>A push older than what we hold: recorded, not applied.</summary>
public sealed record InvoiceReconciliationRecordStalePushIgnored(DateTimeOffset Received, DateTimeOffset Held, JsonObject Payload);

/// <summary>
/// Reverse billing: we issued (or issued again, with a fresh list) a record of our credit invoice to a CPO, listing
/// that CPO's CDRs that ended in <paramref name="Month"/> (UTC, yyyy-MM).
/// </summary>
public sealed record InvoiceReconciliationRecordIssued(string CpoCountryCode, string CpoPartyId, string Month, JsonObject Record);
