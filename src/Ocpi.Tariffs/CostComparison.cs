using System.Globalization;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Tariffs;

/// <summary>A CDR's stated costs next to the computed ones. <see cref="Difference"/> is stated minus computed, before taxes.</summary>
public sealed record ComparedCosts(
    string Verdict, Price? Stated, Price? Computed, decimal? Difference, IReadOnlyList<ComparedDimension> Dimensions, string? Reason);

/// <summary>One cost part (ENERGY, TIME, PARKING_TIME, FLAT, RESERVATION); Difference is null when the CDR does not state it.</summary>
public sealed record ComparedDimension(string Type, Price? Stated, Price? Computed, decimal? Difference);

/// <summary>
/// Compares what a CDR states (total_cost and its parts, 2.3.0 Price objects) with what its tariff computes. The verdict
/// is decided on total_cost before taxes: within the tolerance it is MATCH, above OVERCHARGED, below UNDERCHARGED.
/// The parts show where a difference comes from; they do not change the verdict.
/// </summary>
public static class CostComparison
{
    public const string Match = "MATCH", Overcharged = "OVERCHARGED", Undercharged = "UNDERCHARGED", Unpriceable = "UNPRICEABLE";

    private static readonly (string Type, string Field, Func<SessionCosts, Price> Part)[] Parts =
    [
        ("ENERGY", "total_energy_cost", c => c.Energy),
        ("TIME", "total_time_cost", c => c.Time),
        ("PARKING_TIME", "total_parking_cost", c => c.Parking),
        ("FLAT", "total_fixed_cost", c => c.Fixed),
        ("RESERVATION", "total_reservation_cost", c => c.Reservation),
    ];

    public static ComparedCosts Compare(JsonObject cdr, PricingResult priced, decimal tolerance)
    {
        ArgumentNullException.ThrowIfNull(cdr);
        ArgumentNullException.ThrowIfNull(priced);
        var stated = StatedPrice(cdr, "total_cost");
        if (priced.Costs is not { } costs)
            return new ComparedCosts(Unpriceable, stated, null, null,
                Parts.Select(p => (p.Type, Stated: StatedPrice(cdr, p.Field))).Where(p => p.Stated is not null)
                    .Select(p => new ComparedDimension(p.Type, p.Stated, null, null)).ToList(),
                priced.Unpriceable ?? "not priced");
        if (stated is null)
            return new ComparedCosts(Unpriceable, null, costs.Total, null, [], "cdr.total_cost is missing or not a Price");

        // A Credit CDR holds the negated amounts of the CDR it credits; the text requires it of total_cost only, so a
        // part is compared negated only when the CDR states it negated.
        var credit = JsonRead.Boolean(cdr, "credit") == true;
        var computed = credit ? Negate(costs.Total) : costs.Total;
        var difference = CostPart.Round(stated.BeforeTaxes - computed.BeforeTaxes);

        var dimensions = new List<ComparedDimension>();
        foreach (var (type, field, part) in Parts)
        {
            var statedPart = StatedPrice(cdr, field);
            var computedPart = part(costs);
            if (statedPart is null && computedPart.BeforeTaxes == 0 && computedPart.Taxes.Count == 0) continue;
            if (credit && statedPart is { BeforeTaxes: < 0 }) computedPart = Negate(computedPart);
            dimensions.Add(new ComparedDimension(type, statedPart, computedPart,
                statedPart is null ? null : CostPart.Round(statedPart.BeforeTaxes - computedPart.BeforeTaxes)));
        }

        var verdict = Math.Abs(difference) <= tolerance ? Match : difference > 0 ? Overcharged : Undercharged;
        return new ComparedCosts(verdict, stated, computed, difference, dimensions, verdict == Match ? null : Explain(stated, computed, difference, dimensions));
    }

    private static string Explain(Price stated, Price computed, decimal difference, List<ComparedDimension> dimensions)
    {
        static string F(decimal d) => d.ToString("0.00##", CultureInfo.InvariantCulture);
        var parts = dimensions.Where(d => d.Difference is not null and not 0)
            .Select(d => $"{d.Type} {(d.Difference > 0 ? "+" : "")}{F(d.Difference!.Value)}").ToList();
        return $"the CDR states {F(stated.BeforeTaxes)} before taxes, its tariff gives {F(computed.BeforeTaxes)}: " +
               $"{F(Math.Abs(difference))} {(difference > 0 ? "more" : "less")}" + (parts.Count > 0 ? $" ({string.Join(", ", parts)})" : "");
    }

    private static Price Negate(Price p) => new(-p.BeforeTaxes, p.Taxes.Select(t => t with { Amount = -t.Amount }).ToList());

    /// <summary>A 2.3.0 Price of the CDR; null when absent or not of that shape (a stated part we cannot read is not stated).</summary>
    private static Price? StatedPrice(JsonObject cdr, string field)
    {
        try
        {
            if (JsonRead.Object(cdr, field, "cdr") is not { } price || JsonRead.Number(price, "before_taxes", field) is not { } before) return null;
            var taxes = JsonRead.Objects(price, "taxes", field).Select(t => new TaxAmount(
                JsonRead.String(t, "name", field) ?? "",
                JsonRead.RequiredNumber(t, "amount", field),
                JsonRead.Number(t, "percentage", field),
                JsonRead.String(t, "account_number", field))).ToList();
            return new Price(before, taxes);
        }
        catch (UnpriceableException)
        {
            return null;
        }
    }
}
