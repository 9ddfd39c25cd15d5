using System.Globalization;
using System.Text.Json;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Bookings;

/// <summary>
/// Rules of a Calendar the field table cannot state, run as rules of <see cref="BookingSchemas.Calendar"/> and
/// <see cref="BookingSchemas.BookingLocation"/> so every PUT, and the object a PATCH would leave, is held to them:
/// <list type="bullet">
/// <item>end_before is after begin_from; every available timeslot ends after it starts and lies within
/// begin_from..end_before (both inclusive: a slot may end exactly at end_before);</item>
/// <item>the timeslots of one calendar do not overlap (touching, one ending when the next starts, is fine);</item>
/// <item>timeslot_increment is a positive number of minutes (at most a year) and no slot is shorter than one increment:
/// such a slot could not be booked at all;</item>
/// <item>a timeslot's min_power is not above its max_power;</item>
/// <item>the calendars of one BookingLocation have distinct ids (the URL of a Calendar addresses it by id).</item>
/// </list>
/// Slots in the past are not refused: a CPO publishes today's calendar from midnight. What is bookable is cut to "now"
/// when it is shown (<see cref="FreeSlots"/>) and a request for the past is refused (<see cref="BookingPeriodCheck"/>).
/// DateTimes with an offset are read as the instant they name (UTC is what OCPI requires; see <see cref="BookingCalendar"/>).
/// </summary>
public static class CalendarRules
{
    public const int MaxIncrementMinutes = 366 * 24 * 60;

    /// <summary>The rules of one Calendar object at <paramref name="path"/> (fields that do not parse are reported by the table).</summary>
    public static void CheckCalendar(JsonElement calendar, string path, ValidationResult result)
    {
        var begin = Instant(calendar, "begin_from");
        var end = Instant(calendar, "end_before");
        if (begin is { } b && end is { } e && e <= b)
            result.Add(Join(path, "end_before"), $"must be after begin_from ({OcpiDateTime.Format(b)})");

        int? increment = null;
        if (calendar.TryGetProperty("timeslot_increment", out var inc) && inc.ValueKind == JsonValueKind.Number && inc.TryGetInt64(out var minutes))
        {
            if (minutes is <= 0 or > MaxIncrementMinutes)
                result.Add(Join(path, "timeslot_increment"), $"must be a positive number of minutes, at most {MaxIncrementMinutes}");
            else increment = (int)minutes;
        }

        if (!calendar.TryGetProperty("available_timeslots", out var slots) || slots.ValueKind != JsonValueKind.Array) return;
        var ranges = new List<(int Index, TimeRange Range)>();
        var index = 0;
        foreach (var slot in slots.EnumerateArray())
        {
            var slotPath = $"{Join(path, "available_timeslots")}[{index}]";
            if (slot.ValueKind == JsonValueKind.Object)
            {
                CheckPowers(slot, slotPath, result);
                if (Instant(slot, "start_date_time") is { } from && Instant(slot, "end_date_time") is { } to &&
                    CheckSlot(new TimeRange(from, to), begin, end, increment, slotPath, result))
                    ranges.Add((index, new TimeRange(from, to)));
            }
            index++;
        }
        CheckOverlaps(ranges, Join(path, "available_timeslots"), result);
    }

    /// <summary>The rules across the calendars of one BookingLocation: distinct ids.</summary>
    public static void CheckCalendarIds(JsonElement bookingLocation, string path, ValidationResult result)
    {
        if (!bookingLocation.TryGetProperty("calendars", out var calendars) || calendars.ValueKind != JsonValueKind.Array) return;
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var calendar in calendars.EnumerateArray())
        {
            if (calendar.ValueKind == JsonValueKind.Object && calendar.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                if (seen.TryGetValue(id.GetString()!, out var first))
                    result.Add($"{Join(path, "calendars")}[{index}].id", $"'{id.GetString()}' is also the id of calendars[{first}]");
                else seen[id.GetString()!] = index;
            }
            index++;
        }
    }

    /// <summary>One slot against its calendar; true when it is a proper interval (worth checking for overlaps).</summary>
    private static bool CheckSlot(TimeRange slot, DateTimeOffset? begin, DateTimeOffset? end, int? increment, string path, ValidationResult result)
    {
        if (slot.IsEmpty)
        {
            result.Add($"{path}.end_date_time", $"must be after start_date_time ({OcpiDateTime.Format(slot.Start)})");
            return false;
        }
        if (begin is { } b && slot.Start < b)
            result.Add($"{path}.start_date_time", $"{OcpiDateTime.Format(slot.Start)} is before the calendar's begin_from ({OcpiDateTime.Format(b)})");
        if (end is { } e && slot.End > e)
            result.Add($"{path}.end_date_time", $"{OcpiDateTime.Format(slot.End)} is after the calendar's end_before ({OcpiDateTime.Format(e)})");
        if (increment is { } minutes && slot.Duration < TimeSpan.FromMinutes(minutes))
            result.Add($"{path}.end_date_time",
                $"the slot lasts {slot.Duration.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes, less than the calendar's timeslot_increment ({minutes})");
        return true;
    }

    private static void CheckOverlaps(List<(int Index, TimeRange Range)> ranges, string path, ValidationResult result)
    {
        // Sorted by start, a slot overlaps an earlier one exactly when it starts before the latest end so far: O(n log n)
        // even for a year of quarter-hour slots.
        (int Index, TimeRange Range)? latest = null;
        foreach (var current in ranges.OrderBy(r => r.Range.Start).ThenBy(r => r.Index))
        {
            if (latest is { } open && current.Range.Start < open.Range.End)
                result.Add($"{path}[{current.Index}]", $"{current.Range} overlaps available_timeslots[{open.Index}] ({open.Range})");
            if (latest is null || current.Range.End > latest.Value.Range.End) latest = current;
        }
    }

    private static void CheckPowers(JsonElement slot, string path, ValidationResult result)
    {
        if (slot.TryGetProperty("min_power", out var min) && min.ValueKind == JsonValueKind.Number && min.TryGetDecimal(out var minW) &&
            slot.TryGetProperty("max_power", out var max) && max.ValueKind == JsonValueKind.Number && max.TryGetDecimal(out var maxW) &&
            minW > maxW)
            result.Add($"{path}.min_power", $"{minW.ToString(CultureInfo.InvariantCulture)} W is above max_power ({maxW.ToString(CultureInfo.InvariantCulture)} W)");
    }

    private static DateTimeOffset? Instant(JsonElement value, string field) =>
        value.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String && OcpiDateTime.TryParse(text.GetString(), out var instant)
            ? instant : null;

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}
