using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Billing.CostChecks;

// The CDR's stated costs compared with what the CPO's own tariff computes. Stream: the CDR's (cdr:{CC}-{PID}:{ID}).
// Appended again when the check's inputs change (a tariff that arrived after its CDR): the latest one holds.

/// <summary>A CDR was priced with its tariff and its stated costs compared with the result.</summary>
public sealed record CdrCostChecked(string CdrId, CostCheck Check);

/// <summary>
/// The outcome of one cost check. <see cref="Difference"/> is stated minus computed, before taxes (positive: the CPO
/// asked for more than its tariff says); within <see cref="Tolerance"/> (in the CDR's currency) it is a MATCH.
/// </summary>
public sealed record CostCheck(
    string Verdict,
    Price? Stated,
    Price? Computed,
    decimal? Difference,
    IReadOnlyList<DimensionCheck> Dimensions,
    string? Reason,
    IReadOnlyList<TariffUsed> Tariffs,
    decimal Tolerance);

/// <summary>One cost part of the CDR (ENERGY, TIME, PARKING_TIME, FLAT, RESERVATION): what it states and what we compute.</summary>
public sealed record DimensionCheck(string Type, Price? Stated, Price? Computed, decimal? Difference);

/// <summary>Which tariff priced the CDR: its stream key, the version of that stream used, and where it came from.</summary>
/// <param name="Source">HELD (the tariff as we held it at the session's start), EMBEDDED (the copy inside the CDR), or LOCATION (named by the connector).</param>
public sealed record TariffUsed(string TariffId, string? StreamKey, long? Version, string Source);

/// <summary>The verdicts of a cost check.</summary>
public static class CostCheckVerdict
{
    public const string Match = "MATCH";
    public const string Overcharged = "OVERCHARGED";
    public const string Undercharged = "UNDERCHARGED";
    public const string Unpriceable = "UNPRICEABLE";
}
