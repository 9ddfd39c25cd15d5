using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Bookings.Locations;

// What a CPO told us about one of its BookingLocations. Stream: bookinglocation:{CC}-{PID}:{ID} (StreamKeys), one per
// BookingLocation; its Calendars live inside it, as in the object. Each event keeps the partner's payload as received.
// Metadata (partner, OCPI-from, X-Request-ID, X-Correlation-ID): see Audit/EventMetadata.

/// <summary>The CPO PUT the whole BookingLocation (created or replaced).</summary>
public sealed record BookingLocationPut(string PartnerId, string CountryCode, string PartyId, string BookingLocationId,
    DateTimeOffset LastUpdated, JsonObject BookingLocation);

/// <summary>The CPO PATCHed fields of the BookingLocation (each present field replaces the held one).</summary>
public sealed record BookingLocationPatched(string BookingLocationId, DateTimeOffset LastUpdated, JsonObject Patch);

/// <summary>The CPO PUT one Calendar of the BookingLocation (created or replaced).</summary>
public sealed record BookingCalendarPut(string BookingLocationId, string CalendarId, DateTimeOffset LastUpdated, JsonObject Calendar);

/// <summary>The CPO PATCHed fields of one Calendar; the BookingLocation's last_updated follows (spec).</summary>
public sealed record BookingCalendarPatched(string BookingLocationId, string CalendarId, DateTimeOffset LastUpdated, JsonObject Patch);

/// <summary>
/// A push older than what we hold (the BookingLocation's last_updated, or the Calendar's for a Calendar push): recorded,
/// not applied. Method is PUT or PATCH; CalendarId is set for a Calendar push.
/// </summary>
public sealed record BookingLocationStaleUpdateIgnored(string Method, string? CalendarId, DateTimeOffset Received, DateTimeOffset Held,
    JsonObject Payload);
