using Ocpi.Protocol.Common;

namespace Ocpi.Tariffs;

/// <summary>
/// One cost part being summed in full decimal precision: the amount before taxes and the taxes per VAT rate.
/// Rounding happens once, when the part becomes a <see cref="Price"/>.
/// </summary>
internal sealed class CostPart
{
    /// <summary>The name of the taxes a PriceComponent's <c>vat</c> describes.</summary>
    public const string TaxName = "VAT";

    /// <summary>Amounts are reported with 4 decimals, midpoint away from zero (OCPI leaves rounding to law and contract).</summary>
    public const int Decimals = 4;

    public decimal BeforeTaxes { get; private set; }
    public Dictionary<decimal, decimal> TaxesByRate { get; } = [];
    public decimal Taxes => TaxesByRate.Values.Sum();

    /// <summary>
    /// Adds an amount priced by a component. tax_included NO: the amount is net, VAT comes on top; YES: the amount is
    /// gross, the net is amount / (1 + vat %); N/A: no taxes. Without a vat no tax is known: the amount is the net.
    /// </summary>
    public void Add(decimal amount, PriceComponentModel component, string taxIncluded)
    {
        if (taxIncluded == "N/A" || component.Vat is not { } vat)
        {
            BeforeTaxes += amount;
            return;
        }
        var net = taxIncluded == "YES" ? amount / (1 + vat / 100m) : amount;
        BeforeTaxes += net;
        TaxesByRate[vat] = TaxesByRate.GetValueOrDefault(vat) + (taxIncluded == "YES" ? amount - net : net * vat / 100m);
    }

    public void Add(CostPart other)
    {
        BeforeTaxes += other.BeforeTaxes;
        foreach (var (rate, amount) in other.TaxesByRate) TaxesByRate[rate] = TaxesByRate.GetValueOrDefault(rate) + amount;
    }

    public Price ToPrice() => ToPrice(BeforeTaxes, TaxesByRate);

    public static Price ToPrice(decimal beforeTaxes, IReadOnlyDictionary<decimal, decimal> taxesByRate) => new(
        Round(beforeTaxes),
        taxesByRate.OrderBy(t => t.Key)
            .Select(t => new TaxAmount(TaxName, Round(t.Value), t.Key))
            .Where(t => t.Amount != 0)
            .ToList());

    public static decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);
}
