using System.Globalization;
using System.Linq.Expressions;
using Marten;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>
/// Reconciles a record against the CDRs we hold, on read (a record's findings change as CDRs and other records arrive,
/// so they are never stored). The CDR ids of a record are resolved in the CPO's namespace: in direct billing the CPO
/// owns the record, in reverse billing we do and the record names the CPO (mod_invoice_reconciliation: CDR ids are
/// unique per CPO party only). Sibling records are the other records, not deleted, of the same owner about the same CPO.
/// - UNKNOWN_CDR: listed, not held.
/// - LISTED_TWICE: listed twice by this record, or by a sibling too.
/// - CREDIT_CDR: a credit CDR is listed; the detail says whether the CDR it credits is listed (here, by a sibling, or not).
/// - NOT_LISTED: a CDR of the CPO that ended in the record's period and that neither the record nor a sibling lists.
///   The spec defines membership by the list alone, never by timing; the period we look at is therefore derived from
///   the list: every UTC month in which a listed CDR we hold ended. A record whose CDRs are all unknown has no period.
/// - Totals per currency over the listed CDRs we hold, each counted once, amounts as stated (a credit CDR states
///   negated amounts, mod_cdrs, so it nets out the CDR it credits).
/// </summary>
public sealed class Reconciler(IQuerySession session)
{
    private readonly Dictionary<(string Owner, string Cpo), IReadOnlyList<InvoiceReconciliationView>> _siblings = [];

    public async Task<ReconciliationReport> ReconcileAsync(InvoiceReconciliationView record, CancellationToken ct)
    {
        var cpo = new PartyRef(record.CpoCountryCode, record.CpoPartyId);
        var siblings = (await SiblingsAsync(record, ct)).Where(s => s.Id != record.Id).ToList();
        var listedElsewhere = new Dictionary<string, List<InvoiceReconciliationView>>(StringComparer.OrdinalIgnoreCase);
        foreach (var sibling in siblings)
            foreach (var id in sibling.Cdrs.Distinct(StringComparer.OrdinalIgnoreCase))
                (listedElsewhere.TryGetValue(id, out var list) ? list : listedElsewhere[id] = []).Add(sibling);
        var listedHere = record.Cdrs.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

        var keys = listedHere.Keys.Select(id => StreamKeys.For("cdr", cpo, id)).ToArray();
        var held = (await session.Query<CdrView>().Where(c => keys.Contains(c.Id)).Select(HeldCdr.Of).ToListAsync(ct))
            .ToDictionary(c => c.CdrId, StringComparer.OrdinalIgnoreCase);

        var findings = new List<ReconciliationFinding>();
        foreach (var (id, times) in listedHere)
        {
            if (!held.TryGetValue(id, out var cdr))
                findings.Add(new(FindingKind.UnknownCdr, id, $"{cpo} never sent us a CDR with this id"));
            if (times > 1) findings.Add(new(FindingKind.ListedTwice, id, $"listed {times} times by this record"));
            if (listedElsewhere.TryGetValue(id, out var others))
                findings.Add(new(FindingKind.ListedTwice, id, $"also listed by {Describe(others)}"));
            if (cdr is { Credit: true }) findings.Add(new(FindingKind.CreditCdr, id, CreditDetail(cdr, listedHere, listedElsewhere)));
        }
        findings.AddRange(await NotListedAsync(record, cpo, held.Values, listedHere, listedElsewhere, ct));

        var totals = held.Values.GroupBy(c => c.Currency ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReconciliationTotal(g.Key, g.Count(), g.Sum(c => c.BeforeTaxes), g.Sum(c => c.Taxes), g.Sum(c => c.BeforeTaxes + c.Taxes)))
            .ToList();
        return new ReconciliationReport(record.CountryCode, record.PartyId, record.RecordId, record.InvoiceId, record.Direction,
            record.Cpo, record.LastUpdated, record.Deleted, record.Cdrs, findings, totals);
    }

    private async Task<IEnumerable<ReconciliationFinding>> NotListedAsync(InvoiceReconciliationView record, PartyRef cpo,
        IEnumerable<HeldCdr> held, Dictionary<string, int> listedHere, Dictionary<string, List<InvoiceReconciliationView>> listedElsewhere,
        CancellationToken ct)
    {
        var months = held.Select(c => MonthOf(c.EndDateTime)).ToHashSet();
        if (months.Count == 0) return [];
        var from = months.Min();
        var to = months.Max().AddMonths(1);
        var prefix = StreamKeys.For("cdr", cpo, "");
        var inPeriod = await session.Query<CdrView>()
            .Where(c => c.Id.StartsWith(prefix) && c.EndDateTime >= from && c.EndDateTime < to)
            .OrderBy(c => c.EndDateTime).ThenBy(c => c.Id)
            .Select(HeldCdr.Of)
            .ToListAsync(ct);
        var owner = $"{record.CountryCode}/{record.PartyId}".ToUpperInvariant();
        return inPeriod
            .Where(c => months.Contains(MonthOf(c.EndDateTime)) && !listedHere.ContainsKey(c.CdrId) && !listedElsewhere.ContainsKey(c.CdrId))
            .Select(c => new ReconciliationFinding(FindingKind.NotListed, c.CdrId,
                $"ended {c.EndDateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, in the record's period " +
                $"({string.Join(", ", months.Order().Select(Format))}), and no record of {owner} lists it"));
    }

    private static string CreditDetail(HeldCdr credit, Dictionary<string, int> listedHere, Dictionary<string, List<InvoiceReconciliationView>> listedElsewhere)
    {
        if (credit.CreditReferenceId is not { Length: > 0 } credited) return "credit CDR without credit_reference_id";
        if (listedHere.ContainsKey(credited)) return $"credits CDR {credited}, listed by this record too";
        if (listedElsewhere.TryGetValue(credited, out var others)) return $"credits CDR {credited}, listed by {Describe(others)}";
        return $"credits CDR {credited}, which no record of the same owner lists";
    }

    private static string Describe(IEnumerable<InvoiceReconciliationView> records) =>
        string.Join(", ", records.Select(r => $"record {r.RecordId} (invoice {r.InvoiceId})"));

    /// <summary>The non-deleted records of the record's owner about its CPO, loaded once per (owner, CPO) for a list.</summary>
    private async Task<IReadOnlyList<InvoiceReconciliationView>> SiblingsAsync(InvoiceReconciliationView record, CancellationToken ct)
    {
        var ownerPrefix = StreamKeys.For(Protocol.Versions.ModuleId.InvoiceReconciliation, new PartyRef(record.CountryCode, record.PartyId), "");
        if (_siblings.TryGetValue((ownerPrefix, record.Cpo), out var known)) return known;
        var cpo = record.Cpo;
        var loaded = await session.Query<InvoiceReconciliationView>()
            .Where(r => r.Id.StartsWith(ownerPrefix) && r.Cpo == cpo && !r.Deleted)
            .ToListAsync(ct);
        return _siblings[(ownerPrefix, record.Cpo)] = loaded;
    }

    private static DateTimeOffset MonthOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private static string Format(DateTimeOffset month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>What reconciliation reads of a CDR (selected, so the CDR object itself is not loaded).</summary>
    public sealed class HeldCdr
    {
        public static readonly Expression<Func<CdrView, HeldCdr>> Of = c => new HeldCdr
        {
            CdrId = c.CdrId, EndDateTime = c.EndDateTime, Currency = c.Currency, BeforeTaxes = c.TotalCostBeforeTaxes,
            Taxes = c.TotalCostTaxes, Credit = c.Credit, CreditReferenceId = c.CreditReferenceId,
        };

        public string CdrId { get; init; } = "";
        public DateTimeOffset EndDateTime { get; init; }
        public string? Currency { get; init; }
        public decimal BeforeTaxes { get; init; }
        public decimal Taxes { get; init; }
        public bool Credit { get; init; }
        public string? CreditReferenceId { get; init; }
    }
}
