using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator;

// The CPO publishing BookingLocations (Bookings module) to the eMSP's bookings RECEIVER.
public sealed partial class CpoSimulator
{
    /// <summary>The eMSP's bookings endpoint (identifier Booking, or bookings as some parties write it).</summary>
    public string EmspBookingsEndpoint =>
        EmspEndpoints.First(e => ModuleId.Matches(e.Identifier, ModuleId.Bookings) && e.Role == InterfaceRole.RECEIVER).Url;

    /// <summary>The URL of one of our BookingLocations (or one of its calendars) at the eMSP.</summary>
    public string EmspBookingLocationUrl(string bookingLocationId, string? calendarId = null) =>
        $"{EmspBookingsEndpoint}/{Options.Party.CountryCode}/{Options.Party.PartyId}/booking_locations/{Uri.EscapeDataString(bookingLocationId)}" +
        (calendarId is null ? "" : $"/{Uri.EscapeDataString(calendarId)}");

    /// <summary>
    /// A BookingLocation of this CPO at <paramref name="locationId"/> with one calendar: one free slot per day of
    /// <paramref name="days"/> days from <paramref name="from"/> (08:00 to 18:00 UTC), bookable in 15-minute steps.
    /// </summary>
    public JsonObject BookingLocation(string id, string locationId, DateTimeOffset from, int days = 2, string calendarId = "CAL1")
    {
        var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
        var slots = new JsonArray();
        for (var d = 0; d < days; d++)
            slots.Add(new JsonObject
            {
                ["start_date_time"] = OcpiDateTime.Format(day.AddDays(d).AddHours(8)),
                ["end_date_time"] = OcpiDateTime.Format(day.AddDays(d).AddHours(18)),
                ["max_power"] = 150000,
            });
        var now = OcpiDateTime.Format(DateTimeOffset.UtcNow);
        return new JsonObject
        {
            ["country_code"] = Options.Party.CountryCode,
            ["party_id"] = Options.Party.PartyId,
            ["id"] = id,
            ["location_id"] = locationId,
            ["booking_option"] = new JsonObject { ["evse_uid"] = "#NA", ["vehicle_types"] = new JsonArray("PERSONAL_VEHICLE") },
            ["policy"] = new JsonObject { ["reservation_required"] = false, ["ad_hoc"] = 2 },
            ["booking_terms"] = new JsonObject
            {
                ["supported_access_methods"] = new JsonArray("TOKEN"),
                ["change_until_minutes"] = 60,
                ["cancel_until_minutes"] = 30,
                ["noshow_timeout"] = 15,
                ["min_booking_duration"] = 30,
                ["max_booking_duration"] = 240,
            },
            ["calendars"] = new JsonArray(new JsonObject
            {
                ["id"] = calendarId,
                ["begin_from"] = OcpiDateTime.Format(day),
                ["end_before"] = OcpiDateTime.Format(day.AddDays(days)),
                ["timeslot_increment"] = 15,
                ["available_timeslots"] = slots,
                ["last_updated"] = now,
            }),
            ["last_updated"] = now,
        };
    }

    /// <summary>PUTs the BookingLocation to the eMSP.</summary>
    public Task<OcpiCallResult> PublishBookingLocationAsync(JsonObject bookingLocation) =>
        CallEmspAsync(HttpMethod.Put, EmspBookingLocationUrl(bookingLocation["id"]!.GetValue<string>()), TokenForEmsp,
            rawBody: bookingLocation.ToJsonString());

    /// <summary>PATCHes one calendar of a BookingLocation at the eMSP (the patch must carry last_updated).</summary>
    public Task<OcpiCallResult> PatchBookingCalendarAsync(string bookingLocationId, string calendarId, JsonObject patch) =>
        CallEmspAsync(HttpMethod.Patch, EmspBookingLocationUrl(bookingLocationId, calendarId), TokenForEmsp, rawBody: patch.ToJsonString());
}
