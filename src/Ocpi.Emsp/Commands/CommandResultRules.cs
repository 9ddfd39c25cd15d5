using Ocpi.Protocol.Commands;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// Which CommandResult counts. OCPI does not retry callbacks, but a CPO may still call twice or after its own timeout;
/// the first awaited result wins and everything else is recorded as ignored, so a finished command is never revived
/// silently. One exception from the spec: a RESERVE_NOW's reservation may later be cancelled by the CPO with a
/// CANCELED_RESERVATION result on the same response_url.
/// </summary>
public static class CommandResultRules
{
    public const string Duplicate = "duplicate";
    public const string Late = "late";
    public const string NotExpected = "not_expected";

    /// <summary>Null when the result is to be applied; otherwise why it is ignored.</summary>
    public static string? IgnoreReason(CommandView view, string result)
    {
        if (view.AwaitsResult) return null;
        if (view is { Type: CommandSchemas.ReserveNow, Status: CommandStatus.Accepted, Result: not null } && result == "CANCELED_RESERVATION")
            return null;
        if (view.Result is not null) return Duplicate;
        return view.Status == CommandStatus.Timeout ? Late : NotExpected;
    }
}
