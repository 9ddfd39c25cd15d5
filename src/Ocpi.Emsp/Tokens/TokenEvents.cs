using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Tokens;

// Our own tokens (the eMSP owns them). Stream: token:{CC}-{PID}:{TYPE}:{UID}. Metadata: see Audit/EventMetadata.

/// <summary>A token was created through our internal API (a full OCPI Token object).</summary>
public sealed record TokenIssued(string CountryCode, string PartyId, string Uid, string Type, JsonObject Token);

/// <summary>A token was replaced as a whole.</summary>
public sealed record TokenReplaced(JsonObject Token);

/// <summary>Some fields of a token changed (e.g. valid=false blocks it).</summary>
public sealed record TokenPatched(JsonObject Patch);

/// <summary>Our own rules for real-time authorization of the token (not part of the OCPI Token, never pushed).</summary>
public sealed record TokenPolicySet(TokenPolicy Policy);

/// <summary>
/// eMSP-side authorization rules: an expiry, a credit stop, and an optional list of the only locations where the token
/// may charge (a token with such a list needs the location in an authorization request).
/// </summary>
public sealed record TokenPolicy(DateTimeOffset? ExpiresAt = null, bool NoCredit = false, IReadOnlyList<AllowedLocation>? AllowedLocations = null)
{
    public static TokenPolicy None { get; } = new();
    public bool RestrictsLocations => AllowedLocations is { Count: > 0 };
}

/// <summary>A location (of a CPO party) where a location-restricted token may charge; no EVSE list means every EVSE.</summary>
public sealed record AllowedLocation(string CountryCode, string PartyId, string LocationId, IReadOnlyList<string>? EvseUids = null);
