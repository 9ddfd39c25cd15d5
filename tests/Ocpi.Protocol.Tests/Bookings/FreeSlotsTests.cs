using Ocpi.Protocol.Bookings;

namespace Ocpi.Protocol.Tests.Bookings;

/// <summary>Free slots: available timeslots cut to the window, to now and to the calendar, minus the periods taken.</summary>
public sealed class FreeSlotsTests
{
    private static readonly DateTimeOffset Midnight = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange WholeDay = new(Midnight, Midnight.AddDays(1));
    private static readonly DateTimeOffset LongAgo = Midnight.AddYears(-1);

    private static DateTimeOffset At(string hhmm) => Midnight + TimeSpan.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture);
    private static TimeRange R(string from, string to) => new(At(from), At(to));

    private static BookingCalendar Calendar(int? increment, params TimeRange[] slots) =>
        new("C1", Midnight, Midnight.AddDays(1), increment, slots);

    [Fact]
    public void with_nothing_taken_the_free_slots_are_the_available_timeslots() =>
        FreeSlots.Of(Calendar(15, R("08:00", "10:00"), R("14:00", "15:00")), WholeDay, LongAgo).ShouldBe([R("08:00", "10:00"), R("14:00", "15:00")]);

    [Fact]
    public void the_asked_window_cuts_the_slots_and_its_end_is_exclusive() =>
        FreeSlots.Of(Calendar(15, R("08:00", "10:00"), R("14:00", "15:00")), R("09:00", "14:00"), LongAgo).ShouldBe([R("09:00", "10:00")]);

    [Fact]
    public void now_cuts_a_running_slot_and_its_start_moves_up_to_the_next_increment() =>
        FreeSlots.Of(Calendar(15, R("08:00", "10:00")), WholeDay, At("08:07")).ShouldBe([R("08:15", "10:00")]);

    [Fact]
    public void without_increment_now_cuts_to_the_instant() =>
        FreeSlots.Of(Calendar(null, R("08:00", "10:00")), WholeDay, At("08:07")).ShouldBe([R("08:07", "10:00")]);

    [Fact]
    public void taken_periods_are_cut_out_including_ones_spanning_several_slots() =>
        FreeSlots.Of(Calendar(15, R("08:00", "10:00"), R("10:30", "12:00")), WholeDay, LongAgo, [R("08:30", "09:00"), R("09:45", "11:00")])
            .ShouldBe([R("08:00", "08:30"), R("09:00", "09:45"), R("11:00", "12:00")]);

    [Fact]
    public void a_piece_left_shorter_than_one_increment_is_not_free() =>
        FreeSlots.Of(Calendar(30, R("08:00", "10:00")), WholeDay, LongAgo, [R("08:10", "09:45")]).ShouldBe([]);

    [Fact]
    public void the_calendar_window_bounds_what_is_free() =>
        FreeSlots.Of(new BookingCalendar("C1", At("09:00"), At("09:30"), null, [R("08:00", "10:00")]), WholeDay, LongAgo).ShouldBe([R("09:00", "09:30")]);

    [Fact]
    public void a_slot_entirely_taken_or_past_offers_nothing()
    {
        FreeSlots.Of(Calendar(15, R("08:00", "10:00")), WholeDay, LongAgo, [R("07:00", "11:00")]).ShouldBe([]);
        FreeSlots.Of(Calendar(15, R("08:00", "10:00")), WholeDay, At("10:00")).ShouldBe([]);
    }

    [Fact]
    public void free_slots_never_overlap_a_taken_period_and_stay_inside_the_available_ones()
    {
        // Property check over many random calendars and taken sets (fixed seed: a failure can be replayed).
        var random = new Random(20301);
        for (var run = 0; run < 500; run++)
        {
            var slots = new List<TimeRange>();
            var cursor = Midnight;
            for (var i = 0; i < random.Next(1, 6); i++)
            {
                cursor = cursor.AddMinutes(15 * random.Next(0, 8));
                var end = cursor.AddMinutes(15 * random.Next(1, 12));
                slots.Add(new TimeRange(cursor, end));
                cursor = end;
            }
            var taken = Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            {
                var start = Midnight.AddMinutes(random.Next(0, 24 * 60));
                return new TimeRange(start, start.AddMinutes(random.Next(1, 180)));
            }).ToList();
            var now = Midnight.AddMinutes(random.Next(-60, 12 * 60));

            var free = FreeSlots.Of(Calendar(15, [.. slots]), WholeDay, now, taken);

            foreach (var piece in free)
            {
                piece.IsEmpty.ShouldBeFalse();
                piece.Start.ShouldBeGreaterThanOrEqualTo(now);
                taken.ShouldAllBe(t => !t.Overlaps(piece));
                slots.ShouldContain(s => s.Contains(piece));
            }
            free.Zip(free.Skip(1)).ShouldAllBe(p => p.First.End <= p.Second.Start);
        }
    }
}
