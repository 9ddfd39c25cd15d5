using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>
/// An InvoiceReconciliationRecord as we hold it, with what reconciliation and the lists filter on. Id is the stream
/// key. Kept after a DELETE, flagged, so the record's history stays readable.
/// </summary>
public sealed class InvoiceReconciliationView : IHeldObject
{
    public const string Direct = "DIRECT";
    public const string Reverse = "REVERSE";

    bool IHeldObject.Exists => !Deleted;

    public string Id { get; set; } = "";
    /// <summary>The record's owner (its issuer): the CPO in direct billing, we in reverse billing.</summary>
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string InvoiceId { get; set; } = "";
    /// <summary><see cref="Direct"/> (pushed by the CPO) or <see cref="Reverse"/> (issued by us).</summary>
    public string Direction { get; set; } = Direct;
    /// <summary>The CPO party whose CDRs the record lists, upper case "CC-PID" (the CDR ids are in its namespace).</summary>
    public string Cpo { get; set; } = "";
    public string CpoCountryCode { get; set; } = "";
    public string CpoPartyId { get; set; } = "";
    /// <summary>Reverse billing: the UTC month (yyyy-MM) whose CDRs the record was built from.</summary>
    public string? Month { get; set; }
    public string? PartnerId { get; set; }
    /// <summary>last_updated of the record's first version: the SENDER list's order, so a re-issue never moves a record.</summary>
    public DateTimeOffset FirstIssuedAt { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
    public bool Deleted { get; set; }
    public long Version { get; set; }
    public List<string> Cdrs { get; set; } = [];
    public JsonObject Record { get; set; } = [];

    public static string CpoKey(string countryCode, string partyId) => $"{countryCode}-{partyId}".ToUpperInvariant();
}
