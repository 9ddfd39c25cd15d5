namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>Configuration section <c>Emsp:Billing</c>: how CDRs are checked against their tariffs on arrival.</summary>
public sealed class CostCheckOptions
{
    public const string Section = "Emsp:Billing";
    public const string ToleranceKey = Section + ":CostCheckTolerance";
    public const string EnabledKey = Section + ":CostCheckOnArrival";

    /// <summary>
    /// Largest difference, in the CDR's currency and before taxes, between what a CDR states and what its tariff
    /// computes that is still a MATCH (default 0.01: one cent of rounding per CDR).
    /// </summary>
    public decimal CostCheckTolerance { get; set; } = 0.01m;

    /// <summary>Whether every CDR received is checked (default true); off, no CdrCostChecked is appended.</summary>
    public bool CostCheckOnArrival { get; set; } = true;
}
