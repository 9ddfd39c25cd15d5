using System.Text.Json.Serialization;

namespace Ocpi.Protocol.Common;

/// <summary>
/// Price (2.3.0 types: before_taxes 1, taxes *). The amount after taxes is not a field of the object: it is
/// <see cref="AfterTaxes"/>, before_taxes plus every tax amount.
/// </summary>
public sealed record Price(decimal BeforeTaxes, IReadOnlyList<TaxAmount> Taxes)
{
    public static Price Zero { get; } = new(0m, []);

    [JsonIgnore]
    public decimal AfterTaxes => BeforeTaxes + Taxes.Sum(t => t.Amount);
}

/// <summary>TaxAmount (2.3.0 types): one tax due on a price, e.g. VAT at 21 %.</summary>
public sealed record TaxAmount(string Name, decimal Amount, decimal? Percentage = null, string? AccountNumber = null);
