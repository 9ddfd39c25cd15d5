using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Bookings.Locations;

/// <summary>
/// The changes a push makes to a BookingLocation's JSON, applied both by the receiver (to validate the object a change
/// would leave, before anything is stored) and by the projection (to build the view), so the two cannot disagree.
/// A PATCH replaces each field it names whole (as for Locations): a patched booking_terms must be complete.
/// </summary>
public static class BookingLocationTree
{
    public static void Patch(JsonObject bookingLocation, JsonObject patch)
    {
        foreach (var (name, value) in patch) bookingLocation[name] = value?.DeepClone();
    }

    /// <summary>Replaces the calendar of that id, or adds it; the BookingLocation's last_updated follows.</summary>
    public static void PutCalendar(JsonObject bookingLocation, string calendarId, JsonObject calendar)
    {
        if (bookingLocation["calendars"] is not JsonArray calendars) bookingLocation["calendars"] = calendars = [];
        var index = IndexOf(calendars, calendarId);
        if (index < 0) calendars.Add(calendar.DeepClone());
        else calendars[index] = calendar.DeepClone();
        Touch(bookingLocation, calendar["last_updated"]);
    }

    /// <summary>Changes the fields of the calendar of that id (which must exist); the BookingLocation's last_updated follows.</summary>
    public static void PatchCalendar(JsonObject bookingLocation, string calendarId, JsonObject patch)
    {
        if (FindCalendar(bookingLocation, calendarId) is not { } calendar) return;
        Patch(calendar, patch);
        Touch(bookingLocation, patch["last_updated"]);
    }

    public static JsonObject? FindCalendar(JsonObject bookingLocation, string calendarId) =>
        bookingLocation["calendars"] is JsonArray calendars && IndexOf(calendars, calendarId) is var index and >= 0
            ? calendars[index] as JsonObject
            : null;

    private static int IndexOf(JsonArray calendars, string calendarId)
    {
        for (var i = 0; i < calendars.Count; i++)
            if (calendars[i] is JsonObject c && string.Equals(OcpiPayload.String(c, "id"), calendarId, StringComparison.OrdinalIgnoreCase))
                return i;
        return -1;
    }

    /// <summary>
    /// "When the PATCH is on a Calendar, the Receiver SHALL also set the new last_updated value on the parent
    /// BookingLocation"; we do so for a Calendar PUT as well, and never move the parent's last_updated back in time.
    /// </summary>
    private static void Touch(JsonObject bookingLocation, JsonNode? lastUpdated)
    {
        if (lastUpdated is null) return;
        var candidate = new JsonObject { ["last_updated"] = lastUpdated.DeepClone() };
        if (OcpiPayload.LastUpdated(candidate) > OcpiPayload.LastUpdated(bookingLocation))
            bookingLocation["last_updated"] = lastUpdated.DeepClone();
    }
}
