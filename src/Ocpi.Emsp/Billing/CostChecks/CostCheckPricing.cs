using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>Prices a CDR with one tariff and compares the result with the costs the CDR states.</summary>
internal static class CostCheckPricing
{
    public static CostCheck Check(JsonObject tariff, JsonObject cdr, decimal tolerance, TariffUsed used) =>
        new(CostCheckVerdict.Unpriceable, null, null, null, [], "no tariff engine in this build", [used], tolerance);
}
