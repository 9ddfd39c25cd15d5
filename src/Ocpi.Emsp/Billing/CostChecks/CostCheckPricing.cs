using System.Text.Json.Nodes;
using Ocpi.Tariffs;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>Prices a CDR with one tariff (the Ocpi.Tariffs engine) and compares the result with the costs the CDR states.</summary>
internal static class CostCheckPricing
{
    public static CostCheck Check(JsonObject tariff, JsonObject cdr, TimeZoneInfo? timeZone, decimal tolerance, TariffUsed used)
    {
        var compared = CostComparison.Compare(cdr, TariffPricing.Price(tariff, cdr, timeZone), tolerance);
        return new CostCheck(compared.Verdict, compared.Stated, compared.Computed, compared.Difference,
            compared.Dimensions.Select(d => new DimensionCheck(d.Type, d.Stated, d.Computed, d.Difference)).ToList(),
            compared.Reason, [used], tolerance);
    }
}
