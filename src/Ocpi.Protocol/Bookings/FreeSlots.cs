namespace Ocpi.Protocol.Bookings;

/// <summary>
/// What can still be booked in a calendar: its available timeslots, cut to the calendar's window, to the asked window
/// [from, to) and to "now", minus the periods already taken (our own bookings: the caller knows them, this class does
/// not). A cut start is moved up to the next whole increment counted from the slot's start, since a booking can only
/// start there; pieces shorter than one increment (or empty) are dropped.
/// </summary>
public static class FreeSlots
{
    /// <summary>The free pieces of <paramref name="calendar"/>, ordered by start.</summary>
    public static IReadOnlyList<TimeRange> Of(BookingCalendar calendar, TimeRange window, DateTimeOffset now, IEnumerable<TimeRange>? taken = null)
    {
        var busy = (taken ?? []).Where(t => !t.IsEmpty).OrderBy(t => t.Start).ToList();
        var from = Max(Max(window.Start, now), calendar.BeginFrom);
        var to = Min(window.End, calendar.EndBefore);
        var free = new List<TimeRange>();
        foreach (var slot in calendar.AvailableTimeslots)
        {
            if (slot.IsEmpty) continue;
            var piece = new TimeRange(Max(slot.Start, from), Min(slot.End, to));
            foreach (var rest in Subtract(piece, busy))
            {
                var aligned = new TimeRange(AlignUp(rest.Start, slot.Start, calendar.IncrementMinutes), rest.End);
                if (!aligned.IsEmpty && aligned.Duration >= Increment(calendar)) free.Add(aligned);
            }
        }
        return free;
    }

    /// <summary>The free pieces of each calendar of a BookingLocation (a JSON object that passed its field table).</summary>
    public static IReadOnlyList<(BookingCalendar Calendar, IReadOnlyList<TimeRange> Free)> ByCalendar(System.Text.Json.Nodes.JsonNode bookingLocation,
        TimeRange window, DateTimeOffset now, IEnumerable<TimeRange>? taken = null)
    {
        var busy = (taken ?? []).ToList();
        return [.. BookingCalendar.AllOf(bookingLocation).Select(c => (c, Of(c, window, now, busy)))];
    }

    /// <summary><paramref name="piece"/> without the <paramref name="busy"/> ranges (ordered by start).</summary>
    internal static IEnumerable<TimeRange> Subtract(TimeRange piece, IReadOnlyList<TimeRange> busy)
    {
        var start = piece.Start;
        foreach (var b in busy)
        {
            if (b.End <= start) continue;
            if (b.Start >= piece.End) break;
            if (b.Start > start) yield return new TimeRange(start, b.Start);
            if (b.End > start) start = b.End;
            if (start >= piece.End) yield break;
        }
        if (start < piece.End) yield return new TimeRange(start, piece.End);
    }

    /// <summary><paramref name="instant"/> moved up to the next whole increment counted from <paramref name="origin"/>.</summary>
    internal static DateTimeOffset AlignUp(DateTimeOffset instant, DateTimeOffset origin, int? incrementMinutes)
    {
        if (incrementMinutes is not { } minutes || instant <= origin) return instant;
        var step = TimeSpan.FromMinutes(minutes).Ticks;
        var offset = (instant - origin).Ticks;
        var remainder = offset % step;
        return remainder == 0 ? instant : instant.AddTicks(step - remainder);
    }

    /// <summary>Whether <paramref name="instant"/> is a whole number of increments after <paramref name="origin"/>.</summary>
    internal static bool OnIncrement(DateTimeOffset instant, DateTimeOffset origin, int? incrementMinutes) =>
        incrementMinutes is not { } minutes || (instant - origin).Ticks % TimeSpan.FromMinutes(minutes).Ticks == 0;

    private static TimeSpan Increment(BookingCalendar calendar) =>
        calendar.IncrementMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.Zero;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
