using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Locations;

// What a CPO told us about one Location, in its own words (payloads keep unknown fields). Stream: location:{CC}-{PID}:{ID}.
// Partner, request and correlation ids, and the receive time are event metadata (see Audit/EventMetadata).

/// <summary>PUT of a whole Location (replaces it, EVSEs included).</summary>
public sealed record LocationPut(string CountryCode, string PartyId, string LocationId, JsonObject Location);

/// <summary>PUT of one EVSE (adds or replaces it, connectors included).</summary>
public sealed record EvsePut(string EvseUid, JsonObject Evse);

/// <summary>PUT of one Connector (adds or replaces it).</summary>
public sealed record ConnectorPut(string EvseUid, string ConnectorId, JsonObject Connector);

/// <summary>PATCH of Location fields (lists present replace the stored list).</summary>
public sealed record LocationPatched(JsonObject Patch);

/// <summary>PATCH of one EVSE, e.g. its status (REMOVED is how an EVSE is deleted).</summary>
public sealed record EvsePatched(string EvseUid, JsonObject Patch);

/// <summary>PATCH of one Connector.</summary>
public sealed record ConnectorPatched(string EvseUid, string ConnectorId, JsonObject Patch);

/// <summary>
/// A PUT or PATCH whose last_updated is older than what we hold: kept for the audit trail, not applied, so a late
/// delivery never rolls the state back.
/// </summary>
public sealed record LocationStaleUpdateIgnored(string Level, string? EvseUid, string? ConnectorId, DateTimeOffset Received,
    DateTimeOffset Held, JsonObject Payload);
