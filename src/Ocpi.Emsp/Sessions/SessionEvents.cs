using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Sessions;

// What a CPO told us about one Session. Stream: session:{CC}-{PID}:{ID}. Metadata: see Audit/EventMetadata.

/// <summary>PUT of a whole Session: replaces it, charging_periods included (absent or [] clears them).</summary>
public sealed record SessionPut(string CountryCode, string PartyId, string SessionId, JsonObject Session);

/// <summary>PATCH of a Session: fields present replace the held ones, except charging_periods, which are appended.</summary>
public sealed record SessionPatched(JsonObject Patch);

/// <summary>A PUT or PATCH older than what we hold: recorded, not applied.</summary>
public sealed record SessionStaleUpdateIgnored(DateTimeOffset Received, DateTimeOffset Held, JsonObject Payload);
