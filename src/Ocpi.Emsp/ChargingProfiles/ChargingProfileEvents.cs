using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.ChargingProfiles;

// The charging profile conversation of one Session with its CPO. Stream: chargingprofiles:{cc}:{pid}:{session_id}.

/// <summary>
/// Asked through the internal API: SET (with the ChargingProfile), ACTIVE (with the duration asked) or CLEAR, with the
/// response_url that names this request and its kind.
/// </summary>
public sealed record ChargingProfileRequested(string RequestId, string Kind, PartyRef Cpo, string SessionId, string PartnerId,
    JsonObject? ChargingProfile, int? Duration, string ResponseUrl);

/// <summary>
/// The CPO answered: its ChargingProfileResponse as received (Result null when the answer held none). <c>Deadline</c>:
/// when we stop waiting for the result (the CPO's timeout plus our grace); null when none is awaited.
/// </summary>
public sealed record ChargingProfileSent(string RequestId, string Url, int HttpStatus, int? StatusCode, string? Result, int? Timeout,
    DateTimeOffset? Deadline = null);

/// <summary>The request could not be delivered (no answer, HTTP error, refusal without ChargingProfileResponse).</summary>
public sealed record ChargingProfileSendFailed(string RequestId, string? Url, string Reason);

/// <summary>The CPO posted the asynchronous result of a request to its response_url.</summary>
public sealed record ChargingProfileResultReceived(string RequestId, string Kind, string Result, JsonObject Body);

/// <summary>
/// A result that changed nothing: one after our timeout ("late") or one for a request the CPO had not accepted or that
/// never reached it ("not_expected"). Kept so that every call of the CPO stays visible.
/// </summary>
public sealed record ChargingProfileResultIgnored(string RequestId, string Kind, string Reason, string Result, JsonObject Body);

/// <summary>No result arrived within the CPO's timeout plus our grace.</summary>
public sealed record ChargingProfileTimedOut(string RequestId, DateTimeOffset Deadline);

/// <summary>The CPO pushed the Session's changed ActiveChargingProfile (PUT {chargingprofiles}/{session_id}).</summary>
public sealed record ActiveChargingProfileUpdated(PartyRef Cpo, string SessionId, string PartnerId, JsonObject Profile);
