using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Commands;

/// <summary>One command we sent to a CPO, as its stream made it (inline projection). Id is the stream key.</summary>
public sealed class CommandView
{
    public string Id { get; set; } = "";

    /// <summary>The command's own id: the last segment of its response_url.</summary>
    public string CommandId { get; set; } = "";
    public string Type { get; set; } = "";
    public PartyRef Cpo { get; set; }

    /// <summary>"NL-TNM": what the list filters on.</summary>
    public string CpoKey { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string Status { get; set; } = CommandStatus.Requested;
    public string ResponseUrl { get; set; } = "";
    public string? AuthorizationReference { get; set; }

    /// <summary>The command object as sent.</summary>
    public JsonObject Command { get; set; } = [];

    /// <summary>The CPO's synchronous CommandResponse (null before it answered or when its answer held none).</summary>
    public JsonObject? Response { get; set; }

    /// <summary>The charge point's CommandResult (the first one; later ones are in the timeline).</summary>
    public JsonObject? Result { get; set; }

    /// <summary>A CommandResult that came after our timeout: recorded, the status stays TIMEOUT.</summary>
    public JsonObject? LateResult { get; set; }
    public string? FailureReason { get; set; }
    public int IgnoredResults { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? ResultAt { get; set; }

    /// <summary>When we stop waiting for a result: the CPO's timeout plus our grace, from the moment it answered.</summary>
    public DateTimeOffset? Deadline { get; set; }
    public string? CorrelationId { get; set; }
    public long Version { get; set; }

    public static string StreamKey(string id) => $"command:{id}";

    /// <summary>Whether a CommandResult now would be the awaited one.</summary>
    public bool AwaitsResult => Result is null && Status is CommandStatus.Requested or CommandStatus.Sent or CommandStatus.Accepted;
}
