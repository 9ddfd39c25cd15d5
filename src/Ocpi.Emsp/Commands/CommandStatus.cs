using Ocpi.Protocol.Commands;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// The status of a command as the internal API shows it: ours (REQUESTED, SENT, SEND_FAILED, TIMEOUT), then the CPO's
/// CommandResponseType, then the charge point's CommandResultType. ACCEPTED, REJECTED and NOT_SUPPORTED exist in both
/// enums: <c>response</c> and <c>result</c> of the command tell which one answered. TIMEOUT is also a CommandResultType
/// (the charge point did not answer the CPO): <c>result</c> is then present, while our own timeout has none.
/// </summary>
public static class CommandStatus
{
    public const string Requested = "REQUESTED";
    /// <summary>Delivered, but the CPO's answer held no readable CommandResponse: a result is awaited all the same.</summary>
    public const string Sent = "SENT";
    public const string SendFailed = "SEND_FAILED";
    public const string Timeout = "TIMEOUT";
    public const string Accepted = "ACCEPTED";

    public static IReadOnlyList<string> All { get; } =
    [
        Requested, Sent, .. CommandSchemas.CommandResponseType.Values, SendFailed,
        .. CommandSchemas.CommandResultType.Values.Where(v => !CommandSchemas.CommandResponseType.Values.Contains(v)),
    ];
}
