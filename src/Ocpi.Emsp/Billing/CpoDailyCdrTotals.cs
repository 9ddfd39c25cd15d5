using JasperFx.Events;
using Marten.Events.Projections;
using Ocpi.Emsp.Cdrs;

namespace Ocpi.Emsp.Billing;

/// <summary>
/// Per CPO party and day (UTC date of the CDR's end_date_time): how many CDRs, how much energy, time and cost per
/// currency. Built asynchronously by the daemon across all CDR streams; the seed of the billing views.
/// </summary>
public sealed class CpoDailyCdrTotals
{
    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>CDRs of charging sessions (credit CDRs not included).</summary>
    public int CdrCount { get; set; }

    /// <summary>Credit CDRs: each one reverses an earlier CDR (mod_cdrs.asciidoc "Credit CDRs").</summary>
    public int CreditCdrCount { get; set; }
    public decimal TotalEnergyKwh { get; set; }
    public decimal TotalTimeHours { get; set; }
    public decimal TotalParkingTimeHours { get; set; }
    public Dictionary<string, CurrencyTotals> Costs { get; set; } = [];

    public static string IdFor(string countryCode, string partyId, DateOnly day) =>
        $"{countryCode.ToUpperInvariant()}-{partyId.ToUpperInvariant()}:{day:yyyy-MM-dd}";
}

public sealed class CurrencyTotals
{
    public decimal BeforeTaxes { get; set; }
    public decimal Taxes { get; set; }
    public decimal AfterTaxes => BeforeTaxes + Taxes;
}

public sealed class CpoDailyCdrTotalsProjection : MultiStreamProjection<CpoDailyCdrTotals, string>
{
    public CpoDailyCdrTotalsProjection()
    {
        Identity<CdrReceived>(e => IdOf(e));
    }

    private static string IdOf(CdrReceived e) =>
        CpoDailyCdrTotals.IdFor(e.CountryCode, e.PartyId, DateOnly.FromDateTime(CdrView.EndDateTimeOf(e).UtcDateTime));

    public void Apply(CpoDailyCdrTotals totals, IEvent<CdrReceived> e)
    {
        var cdr = CdrView.FiguresOf(e.Data);
        totals.Day = DateOnly.FromDateTime(cdr.EndDateTime.UtcDateTime);
        totals.Id = CpoDailyCdrTotals.IdFor(e.Data.CountryCode, e.Data.PartyId, totals.Day);
        totals.CountryCode = e.Data.CountryCode.ToUpperInvariant();
        totals.PartyId = e.Data.PartyId.ToUpperInvariant();
        // A credit CDR repeats the original's energy and times with positive values and negates only total_cost:
        // so energy and times are subtracted here, and costs (already negative) are added.
        var sign = cdr.Credit ? -1 : 1;
        if (cdr.Credit) totals.CreditCdrCount++;
        else totals.CdrCount++;
        totals.TotalEnergyKwh += sign * cdr.TotalEnergy;
        totals.TotalTimeHours += sign * cdr.TotalTime;
        totals.TotalParkingTimeHours += sign * cdr.TotalParkingTime;
        var currency = cdr.Currency ?? "???";
        if (!totals.Costs.TryGetValue(currency, out var costs)) totals.Costs[currency] = costs = new CurrencyTotals();
        costs.BeforeTaxes += cdr.TotalCostBeforeTaxes;
        costs.Taxes += cdr.TotalCostTaxes;
    }
}
