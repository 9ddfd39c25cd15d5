using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Bookings;

/// <summary>
/// Whether a BookingRequest's period can be asked of the CPO at all, judged on the BookingLocation the CPO published,
/// so that a request the calendar already answers "no" to is refused with a reason before the CPO is called.
/// </summary>
public static class BookingPeriodCheck
{
    /// <summary>
    /// Checks <paramref name="requested"/> (BookingRequest.period) against <paramref name="bookingLocation"/> (a JSON
    /// BookingLocation that passed its field table, as the view holds it). In this order:
    /// <list type="number">
    /// <item>the period ends after it starts (<c>period.end_date_time</c>);</item>
    /// <item>it does not start before <paramref name="now"/> (<c>period.start_date_time</c>);</item>
    /// <item>its length is within booking_terms.min_booking_duration/max_booking_duration (<c>period.end_date_time</c>);</item>
    /// <item>it lies inside one available timeslot of one calendar, within that calendar's begin_from..end_before (<c>period</c>);</item>
    /// <item>it starts, and ends (unless at the slot's end), on a whole timeslot_increment counted from that slot's start
    /// (<c>period.start_date_time</c> / <c>period.end_date_time</c>);</item>
    /// <item>it overlaps none of <paramref name="taken"/>, periods already booked (<c>period</c>).</item>
    /// </list>
    /// </summary>
    /// <returns>null when the period may be requested; else the first reason, naming the field of the BookingRequest.</returns>
    public static ValidationError? Check(JsonNode bookingLocation, TimeRange requested, DateTimeOffset now, IEnumerable<TimeRange>? taken = null)
    {
        if (requested.IsEmpty)
            return new("period.end_date_time", $"{Format(requested.End)} must be after start_date_time ({Format(requested.Start)})");
        if (requested.Start < now)
            return new("period.start_date_time", $"{Format(requested.Start)} is in the past (now is {Format(now)})");
        if (DurationRefusal(bookingLocation, requested) is { } duration) return duration;

        var id = bookingLocation["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "?";
        var calendars = BookingCalendar.AllOf(bookingLocation);
        if (calendars.Count == 0)
            return new("period", $"booking location {id} publishes no calendar: nothing can be booked there");

        var fitting = calendars
            .SelectMany(c => c.AvailableTimeslots.Select(s => (Calendar: c, Slot: s)))
            .Where(x => x.Calendar.Window.Contains(requested) && x.Slot.Contains(requested))
            .ToList();
        if (fitting.Count == 0)
            return new("period", $"{requested} is not inside an available timeslot of any calendar of booking location {id}");

        var aligned = fitting.FirstOrDefault(x => FreeSlots.OnIncrement(requested.Start, x.Slot.Start, x.Calendar.IncrementMinutes) &&
                                                   (requested.End == x.Slot.End || FreeSlots.OnIncrement(requested.End, x.Slot.Start, x.Calendar.IncrementMinutes)));
        if (aligned.Calendar is null)
        {
            var (calendar, slot) = fitting[0];
            var field = FreeSlots.OnIncrement(requested.Start, slot.Start, calendar.IncrementMinutes) ? "period.end_date_time" : "period.start_date_time";
            return new(field, $"is not on the {calendar.IncrementMinutes}-minute timeslot_increment of calendar {calendar.Id}, counted from the slot start {Format(slot.Start)}");
        }

        foreach (var busy in taken ?? [])
            if (busy.Overlaps(requested))
                return new("period", $"{requested} overlaps {busy}, already booked");
        return null;
    }

    private static ValidationError? DurationRefusal(JsonNode bookingLocation, TimeRange requested)
    {
        var terms = bookingLocation["booking_terms"] as JsonObject;
        var minutes = (decimal)requested.Duration.TotalMinutes;
        if (Minutes(terms?["min_booking_duration"]) is { } min && minutes < min)
            return new("period.end_date_time", $"the period lasts {Show(minutes)} minutes, less than booking_terms.min_booking_duration ({Show(min)})");
        if (Minutes(terms?["max_booking_duration"]) is { } max && minutes > max)
            return new("period.end_date_time", $"the period lasts {Show(minutes)} minutes, more than booking_terms.max_booking_duration ({Show(max)})");
        return null;
    }

    private static decimal? Minutes(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d
        : node is JsonValue e && e.TryGetValue<JsonElement>(out var el) && el.ValueKind == JsonValueKind.Number && el.TryGetDecimal(out var d2) ? d2
        : null;

    private static string Show(decimal minutes) => minutes.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Format(DateTimeOffset instant) => OcpiDateTime.Format(instant);
}
