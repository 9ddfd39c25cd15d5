using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>A Session's charging profiles: the active one as last known and every request with its answers.</summary>
public sealed class ChargingProfileView
{
    public string Id { get; set; } = "";
    public PartyRef Cpo { get; set; }
    public string SessionId { get; set; } = "";
    public string PartnerId { get; set; } = "";

    /// <summary>The ActiveChargingProfile last reported (an ACCEPTED ActiveChargingProfileResult or a CPO push).</summary>
    public JsonObject? ActiveProfile { get; set; }
    public DateTimeOffset? ActiveProfileAt { get; set; }

    /// <summary>The profile we last set and the charge point accepted.</summary>
    public JsonObject? SetProfile { get; set; }
    public List<ChargingProfileRequest> Requests { get; set; } = [];
    public int Updates { get; set; }
    public long Version { get; set; }

    public static string StreamKey(PartyRef cpo, string sessionId) => Ocpi.Receivers.StreamKeys.For("chargingprofiles", cpo, sessionId);

    public ChargingProfileRequest? Request(string id) => Requests.FirstOrDefault(r => r.Id == id);
}

/// <summary>
/// One request: REQUESTED, then SENT or the CPO's ChargingProfileResponseType or SEND_FAILED, then its result (the status
/// keeps the CPO's answer), or TIMEOUT when no result came by the deadline.
/// </summary>
public sealed class ChargingProfileRequest
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Status { get; set; } = ChargingProfileKinds.Requested;
    public JsonObject? ChargingProfile { get; set; }
    public int? Duration { get; set; }
    public string ResponseUrl { get; set; } = "";
    public int? Timeout { get; set; }
    public string? FailureReason { get; set; }
    public JsonObject? Result { get; set; }

    /// <summary>A result that came after our timeout: recorded, the status stays TIMEOUT.</summary>
    public JsonObject? LateResult { get; set; }
    public int IgnoredResults { get; set; }

    /// <summary>When we stop waiting for the result: the CPO's timeout plus our grace, from the moment it answered.</summary>
    public DateTimeOffset? Deadline { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? ResultAt { get; set; }

    /// <summary>Whether a result now would be the awaited one (a result may overtake the CPO's synchronous answer).</summary>
    public bool AwaitsResult => Result is null &&
                                Status is ChargingProfileKinds.Requested or ChargingProfileKinds.Sent or ChargingProfileKinds.Accepted;
}

public static class ChargingProfileKinds
{
    public const string Set = "SET";
    public const string Active = "ACTIVE";
    public const string Clear = "CLEAR";
    public const string Requested = "REQUESTED";
    public const string Sent = "SENT";
    public const string SendFailed = "SEND_FAILED";
    public const string Accepted = "ACCEPTED";
    public const string Timeout = "TIMEOUT";

    /// <summary>The response_url segment of each kind: the results' shapes overlap, so the URL says which one to expect.</summary>
    public static string Segment(string kind) => kind.ToLowerInvariant();

    public static string? FromSegment(string segment) => segment switch { "set" => Set, "active" => Active, "clear" => Clear, _ => null };
}
