using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Bookings.Locations;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// The calendar check before a request or a change of period is sent: when we hold the CPO's BookingLocation (pushed to
/// our RECEIVER) and it has calendars, the requested period must pass <see cref="BookingPeriodCheck"/> (inside one
/// available timeslot within its calendar's window, on the calendar's increment, within the terms' min/max booking
/// duration). Otherwise 409 with the reason (naming the field) and the free pieces around it; a location_id that is not
/// the BookingLocation's is 400. A BookingLocation we do not hold, or one without calendars, shows nothing taken: the
/// request goes to the CPO, which decides. Our own bookings are not subtracted: the CPO's calendar is the truth, and a
/// location may have several bookable stations.
/// </summary>
public static class BookingSlots
{
    public static async Task<IResult?> ProblemAsync(IQuerySession session, string partnerId, PartyRef cpo, JsonObject request,
        TimeProvider clock, CancellationToken ct)
    {
        var bookingLocationId = OcpiPayload.String(request, "booking_location_id");
        if (bookingLocationId is null || request["period"] is not JsonObject period) return null;
        var held = await session.LoadAsync<BookingLocationView>(BookingLocationReceiver.Key(cpo, bookingLocationId), ct);
        if (held is null || held.PartnerId != partnerId) return null;
        if (!string.Equals(OcpiPayload.String(request, "location_id"), held.LocationId, StringComparison.OrdinalIgnoreCase))
            return Results.ValidationProblem(new Dictionary<string, string[]>
                { ["location_id"] = [$"booking location {bookingLocationId} is at Location {held.LocationId}"] });
        if (!OcpiDateTime.TryParse(OcpiPayload.String(period, "start_date_time"), out var start) ||
            !OcpiDateTime.TryParse(OcpiPayload.String(period, "end_date_time"), out var end)) return null;

        var asked = new TimeRange(start, end);
        if (BookingCalendar.AllOf(held.BookingLocation).Count == 0) return null;
        if (BookingPeriodCheck.Check(held.BookingLocation, asked, clock.GetUtcNow()) is not { } refusal) return null;
        var around = FreeSlots.ByCalendar(held.BookingLocation, new TimeRange(start.AddDays(-1), end.AddDays(1)), clock.GetUtcNow())
            .SelectMany(c => c.Free.Select(f => $"{c.Calendar.Id}: {OcpiDateTime.Format(f.Start)}..{OcpiDateTime.Format(f.End)}")).Take(10).ToList();
        return Results.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"The calendars of booking location {bookingLocationId} do not show {OcpiDateTime.Format(start)}..{OcpiDateTime.Format(end)} free: the request was not sent",
            detail: $"{refusal.Path}: {refusal.Message}. " +
                    (around.Count == 0 ? "No free slot within a day of it." : "Free within a day of it: " + string.Join("; ", around)));
    }
}
