using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.InvoiceReconciliation;

/// <summary>
/// Field table of mod_invoice_reconciliation.asciidoc (2.3.0 edition 2, core branch): the InvoiceReconciliationRecord,
/// pushed whole (POST, PUT; there is no PATCH) and listed by a Sender.
/// </summary>
public static class InvoiceReconciliationSchemas
{
    /// <summary>The record's own id: CiString(36), in the body and in the URL.</summary>
    public const int RecordIdLength = 36;

    /// <summary>
    /// An entry of <c>cdrs</c>. The table types it CiString(36), but a CDR id is CiString(39) (mod_cdrs: the 3 extra
    /// characters are for credit CDRs), and a record must be able to list the credit CDRs its invoice covers; so 39.
    /// </summary>
    public const int CdrIdLength = 39;

    public static ObjectSchema Record { get; } = new ObjectSchema("InvoiceReconciliationRecord")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("id", CiString(RecordIdLength))
        .Required("invoice_id", CiString(255))
        // The flow diagrams show objects ({"id": "1"}); the table, which wins, a list of CiString.
        .AtLeastOne("cdrs", CiString(CdrIdLength))
        .Required("last_updated", OcpiTypes.DateTime);
}
