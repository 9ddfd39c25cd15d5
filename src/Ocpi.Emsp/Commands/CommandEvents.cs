using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Commands;

// One command we sent to a CPO, step by step. Stream: command:{id}. Metadata: see Audit/EventMetadata.

/// <summary>
/// Asked through the internal API: the command object exactly as it will be sent (our response_url, our stored Token and
/// our authorization_reference included), to which CPO, through which partner connection.
/// </summary>
public sealed record CommandRequested(string CommandId, string Type, PartyRef Cpo, string PartnerId, JsonObject Command,
    string ResponseUrl, string? AuthorizationReference);

/// <summary>
/// The CPO answered the POST: its synchronous CommandResponse (result, timeout, message) as received. <c>Result</c> and
/// <c>Timeout</c> are null when the answer carried no readable CommandResponse (status SENT). <c>Deadline</c>: when we stop
/// waiting for the CommandResult (the CPO's timeout plus our grace); null when none is awaited.
/// </summary>
public sealed record CommandSent(string Url, int HttpStatus, int? StatusCode, string? StatusMessage, string? Result, int? Timeout,
    JsonArray? Message, JsonObject? Response, DateTimeOffset? Deadline);

/// <summary>The command could not be delivered: no answer, an HTTP error, or a refusal without a CommandResponse.</summary>
public sealed record CommandSendFailed(string? Url, string Reason, int? HttpStatus, int? StatusCode);

/// <summary>The CPO posted the charge point's CommandResult to the command's response_url.</summary>
public sealed record CommandResultReceived(string Result, JsonObject CommandResult);

/// <summary>
/// A CommandResult that changed nothing: a second one ("duplicate"), one after the timeout ("late"), or one for a command
/// the CPO had not accepted ("not_expected"). Kept so that every call of the CPO stays visible.
/// </summary>
public sealed record CommandResultIgnored(string Reason, string Result, JsonObject CommandResult);

/// <summary>No CommandResult arrived within the CPO's timeout plus our grace.</summary>
public sealed record CommandTimedOut(DateTimeOffset Deadline);
