using Ocpi.Protocol.Common;

namespace Ocpi.Tariffs;

/// <summary>
/// min_price/max_price (PriceLimit): "both apply" (mod_tariffs Tariff object notes): the total before taxes is kept
/// within the before_taxes bounds, and the total after taxes within the after_taxes bounds, each on its own.
/// </summary>
internal static class PriceLimits
{
    public static Price Apply(CostPart total, TariffModel tariff)
    {
        if (tariff.MinPrice is null && tariff.MaxPrice is null) return total.ToPrice();
        var before = Clamp(total.BeforeTaxes, tariff.MinPrice?.BeforeTaxes, tariff.MaxPrice?.BeforeTaxes);

        // No taxes apply (N/A), or none are known (no vat given): the amount after taxes is the amount before them, so
        // it must keep within both pairs of bounds.
        if (tariff.TaxIncluded == "N/A" || (total.TaxesByRate.Count == 0 && tariff.NoVatAnywhere))
            return CostPart.ToPrice(Clamp(before, tariff.MinPrice?.AfterTaxes, tariff.MaxPrice?.AfterTaxes), new Dictionary<decimal, decimal>());

        // Taxes follow the amount they are due on when the before-taxes bound moved it; a session that cost nothing
        // raised to a minimum price is taxed at the tariff's rate when it has only one.
        var taxes = total.BeforeTaxes == 0
            ? SingleRate(tariff) is { } rate ? new Dictionary<decimal, decimal> { [rate] = before * rate / 100m } : []
            : total.TaxesByRate.ToDictionary(t => t.Key, t => t.Value * before / total.BeforeTaxes);
        var taxSum = taxes.Values.Sum();
        var after = Clamp(before + taxSum, tariff.MinPrice?.AfterTaxes, tariff.MaxPrice?.AfterTaxes);
        var adjustedTaxes = after - before;
        if (adjustedTaxes == taxSum) return CostPart.ToPrice(before, taxes);
        // An after-taxes maximum below the before-taxes amount: taxes cannot be negative, so both amounts meet it.
        if (adjustedTaxes < 0) return CostPart.ToPrice(after, new Dictionary<decimal, decimal>());
        // The after-taxes bound moved the total: the taxes are what remains above the amount before taxes, shared over
        // the rates in proportion to what each contributed.
        if (taxSum != 0) return CostPart.ToPrice(before, taxes.ToDictionary(t => t.Key, t => t.Value * adjustedTaxes / taxSum));
        var only = SingleRate(tariff);
        return only is { } r
            ? CostPart.ToPrice(before, new Dictionary<decimal, decimal> { [r] = adjustedTaxes })
            : new Price(CostPart.Round(before), [new TaxAmount(CostPart.TaxName, CostPart.Round(adjustedTaxes))]);
    }

    private static decimal? SingleRate(TariffModel tariff)
    {
        var rates = tariff.Elements.SelectMany(e => e.Components).Select(c => c.Vat).OfType<decimal>().Distinct().ToList();
        return rates.Count == 1 ? rates[0] : null;
    }

    private static decimal Clamp(decimal value, decimal? min, decimal? max)
    {
        if (max is { } upper && value > upper) value = upper;
        if (min is { } lower && value < lower) value = lower;
        return value;
    }
}
