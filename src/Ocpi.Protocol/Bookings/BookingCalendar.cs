using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Bookings;

/// <summary>A half-open interval [Start, End) in UTC: a timeslot, a requested period, a booking already made.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Duration => End - Start;
    public bool IsEmpty => End <= Start;
    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;
    public bool Contains(TimeRange other) => Start <= other.Start && other.End <= End;

    public override string ToString() => $"{OcpiDateTime.Format(Start)}..{OcpiDateTime.Format(End)}";
}

/// <summary>
/// A Calendar read for arithmetic: its window, its increment and its available timeslots, in UTC. OCPI DateTimes are
/// UTC; a value with an offset (<c>+02:00</c>) is read as the instant it names (converted to UTC), a value without zone as
/// UTC, as everywhere in this library (<see cref="OcpiDateTime.TryParse"/>). The stored object keeps the text as received.
/// </summary>
public sealed record BookingCalendar(string Id, DateTimeOffset BeginFrom, DateTimeOffset EndBefore, int? IncrementMinutes,
    IReadOnlyList<TimeRange> AvailableTimeslots)
{
    public TimeRange Window => new(BeginFrom, EndBefore);

    /// <summary>
    /// The calendars of a BookingLocation (a JSON object that passed <see cref="BookingSchemas.BookingLocation"/>).
    /// Calendars or slots whose dates do not parse are skipped: they offer nothing bookable.
    /// </summary>
    public static IReadOnlyList<BookingCalendar> AllOf(JsonNode? bookingLocation) =>
        bookingLocation?["calendars"] is JsonArray calendars
            ? [.. calendars.OfType<JsonObject>().Select(Read).OfType<BookingCalendar>()]
            : [];

    /// <summary>One Calendar object; null when its id or window does not parse.</summary>
    public static BookingCalendar? Read(JsonNode? calendar)
    {
        if (calendar is not JsonObject c || Text(c["id"]) is not { } id ||
            Instant(c["begin_from"]) is not { } begin || Instant(c["end_before"]) is not { } end)
            return null;
        var slots = (c["available_timeslots"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => Instant(s["start_date_time"]) is { } from && Instant(s["end_date_time"]) is { } to ? new TimeRange(from, to) : (TimeRange?)null)
            .OfType<TimeRange>().OrderBy(s => s.Start).ToList();
        return new BookingCalendar(id, begin, end, Increment(c["timeslot_increment"]), slots);
    }

    internal static DateTimeOffset? Instant(JsonNode? node) =>
        Text(node) is { } text && OcpiDateTime.TryParse(text, out var value) ? value : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static int? Increment(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var minutes) && minutes > 0 ? minutes : null;
}
