namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>One record with the outcome of its reconciliation against the CDRs we hold (internal API).</summary>
public sealed record ReconciliationReport(
    string CountryCode,
    string PartyId,
    string Id,
    string InvoiceId,
    string Direction,
    string Cpo,
    DateTimeOffset LastUpdated,
    bool Deleted,
    IReadOnlyList<string> Cdrs,
    IReadOnlyList<ReconciliationFinding> Findings,
    IReadOnlyList<ReconciliationTotal> Totals);

/// <summary>A finding about one CDR; <see cref="Kind"/> is one of <see cref="FindingKind"/>.</summary>
public sealed record ReconciliationFinding(string Kind, string CdrId, string Detail);

/// <summary>The invoice total recomputed from our copies of the listed CDRs, in one currency (amounts as the CDRs state them).</summary>
public sealed record ReconciliationTotal(string Currency, int CdrCount, decimal BeforeTaxes, decimal Taxes, decimal AfterTaxes);

public static class FindingKind
{
    /// <summary>Listed by the record, but the CPO never sent us a CDR with that id.</summary>
    public const string UnknownCdr = "UNKNOWN_CDR";
    /// <summary>A CDR of the CPO that ended in the record's period, listed by no record of the same owner.</summary>
    public const string NotListed = "NOT_LISTED";
    /// <summary>Listed more than once by this record, or by another record of the same owner too.</summary>
    public const string ListedTwice = "LISTED_TWICE";
    /// <summary>A credit CDR is listed; the detail says whether the CDR it credits is listed.</summary>
    public const string CreditCdr = "CREDIT_CDR";
}
