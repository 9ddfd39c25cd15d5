using System.Text.Json.Nodes;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Bookings;

/// <summary>The Calendar rules the field table cannot state, as the Calendar and BookingLocation schemas apply them.</summary>
public sealed class CalendarRulesTests
{
    private static readonly ObjectSchema Calendar = BookingSchemas.Calendar;

    internal static JsonNode Day(params (string Start, string End)[] slots) => JsonNode.Parse($$"""
        {"id": "C1", "begin_from": "2030-01-01T00:00:00Z", "end_before": "2030-01-02T00:00:00Z", "timeslot_increment": 15,
         "available_timeslots": [{{string.Join(",", slots.Select(s => $$"""{"start_date_time": "2030-01-01T{{s.Start}}:00Z", "end_date_time": "2030-01-01T{{s.End}}:00Z"}"""))}}],
         "last_updated": "2029-12-01T00:00:00Z"}
        """)!;

    [Fact]
    public void a_calendar_of_separate_and_touching_slots_is_valid() =>
        Calendar.ShouldValidate(Day(("08:00", "10:00"), ("10:00", "12:00"), ("14:00", "15:00")));

    [Fact]
    public void overlapping_slots_are_refused_naming_the_later_slot_and_the_one_it_overlaps() =>
        Calendar.ShouldRefuse(Day(("08:00", "10:00"), ("14:00", "15:00"), ("09:30", "11:00")), "available_timeslots[2]", "overlaps available_timeslots[0]");

    [Fact]
    public void every_slot_inside_a_long_earlier_slot_is_an_overlap() =>
        Calendar.Check(Day(("08:00", "18:00"), ("09:00", "09:30"), ("12:00", "13:00"))).Errors.Select(e => e.Path)
            .ShouldBe(["available_timeslots[1]", "available_timeslots[2]"]);

    [Fact]
    public void a_slot_ending_before_it_starts_is_refused_on_its_end() =>
        Calendar.ShouldRefuse(Day(("10:00", "09:00")), "available_timeslots[0].end_date_time", "must be after start_date_time");

    [Fact]
    public void an_empty_slot_is_refused() =>
        Calendar.ShouldRefuse(Day(("10:00", "10:00")), "available_timeslots[0].end_date_time", "must be after start_date_time");

    [Fact]
    public void a_slot_starting_before_begin_from_is_refused() =>
        Calendar.ShouldRefuse(Day(("10:00", "11:00")).With("begin_from", "2030-01-01T10:30:00Z"),
            "available_timeslots[0].start_date_time", "is before the calendar's begin_from");

    [Fact]
    public void a_slot_ending_after_end_before_is_refused_and_one_ending_exactly_there_is_not()
    {
        Calendar.ShouldRefuse(Day(("23:00", "23:45")).With("end_before", "2030-01-01T23:30:00Z"),
            "available_timeslots[0].end_date_time", "is after the calendar's end_before");
        Calendar.ShouldValidate(Day(("23:00", "23:30")).With("end_before", "2030-01-01T23:30:00Z"));
    }

    [Fact]
    public void a_calendar_ending_before_it_begins_is_refused() =>
        Calendar.Check(Day(("08:00", "09:00")).With("end_before", "2029-12-31T00:00:00Z")).Errors.Select(e => e.ToString())
            .ShouldContain("end_before: must be after begin_from (2030-01-01T00:00:00Z)");

    [Theory]
    [InlineData(0)]
    [InlineData(-15)]
    [InlineData(CalendarRules.MaxIncrementMinutes + 1)]
    public void a_timeslot_increment_that_is_not_a_positive_number_of_minutes_is_refused(long increment) =>
        Calendar.ShouldRefuse(Day(("08:00", "10:00")).With("timeslot_increment", increment), "timeslot_increment", "must be a positive number of minutes");

    [Fact]
    public void a_slot_shorter_than_one_increment_is_refused() =>
        Calendar.ShouldRefuse(Day(("08:00", "08:10")), "available_timeslots[0].end_date_time", "less than the calendar's timeslot_increment (15)");

    [Fact]
    public void a_slot_whose_min_power_exceeds_its_max_power_is_refused() =>
        Calendar.ShouldRefuse(Day(("08:00", "10:00")).With("available_timeslots[0].min_power", 22000).With("available_timeslots[0].max_power", 11000),
            "available_timeslots[0].min_power", "is above max_power");

    [Fact]
    public void an_offset_date_time_is_read_as_the_instant_it_names()
    {
        // 10:00+02:00 is 08:00Z: it touches the 07:00-08:00Z slot, it does not overlap it.
        var calendar = Day(("07:00", "08:00")).WithJson("available_timeslots[1]",
            """{"start_date_time": "2030-01-01T10:00:00+02:00", "end_date_time": "2030-01-01T11:00:00+02:00"}""");
        Calendar.ShouldValidate(calendar);
        BookingCalendar.Read(calendar)!.AvailableTimeslots[1].Start.ShouldBe(new DateTimeOffset(2030, 1, 1, 8, 0, 0, TimeSpan.Zero));

        Calendar.ShouldRefuse(calendar.With("available_timeslots[0].end_date_time", "2030-01-01T08:30:00Z"), "available_timeslots[1]", "overlaps");
    }

    [Fact]
    public void a_booking_location_with_two_calendars_of_one_id_is_refused_case_insensitively()
    {
        var location = BookingExamplesTests.CorrectedBookingLocation().With("calendars[1].id", "ca112");

        BookingSchemas.BookingLocation.ShouldRefuse(location, "calendars[1].id", "is also the id of calendars[0]");
    }

    [Fact]
    public void a_booking_location_needs_a_booking_option_or_the_1_0_evse_uid()
    {
        var location = BookingExamplesTests.CorrectedBookingLocation().Without("booking_option");
        BookingSchemas.BookingLocation.ShouldRefuse(location, "booking_option", "required field is missing");
        BookingSchemas.BookingLocation.ShouldValidate(location.With("evse_uid", "6583"));
    }

    [Fact]
    public void the_overlap_check_handles_a_year_of_quarter_hour_slots()
    {
        // 35,000 slots: a quadratic check would take minutes; this one is a sort. Correctness, not a timing, is asserted.
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var slots = new JsonArray();
        for (var i = 0; i < 35_000; i++)
            slots.Add(new JsonObject
            {
                ["start_date_time"] = OcpiDateTime.Format(start.AddMinutes(15 * i)),
                ["end_date_time"] = OcpiDateTime.Format(start.AddMinutes(15 * i + 15)),
            });
        var calendar = Day().With("end_before", "2031-01-01T00:00:00Z").With("available_timeslots", slots);

        Calendar.ShouldValidate(calendar);
        Calendar.ShouldRefuse(calendar.With("available_timeslots[20000].end_date_time", OcpiDateTime.Format(start.AddMinutes(15 * 20000 + 20))),
            "available_timeslots[20001]", "overlaps available_timeslots[20000]");
    }

    [Fact]
    public void the_overlap_rule_agrees_with_comparing_every_pair_of_slots()
    {
        // Property check over random calendars (fixed seed): some slot is reported as overlapping exactly when two slots
        // overlap, and every reported slot does overlap another one.
        var random = new Random(4242);
        var midnight = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var run = 0; run < 400; run++)
        {
            var slots = Enumerable.Range(0, random.Next(1, 8)).Select(_ =>
            {
                var start = midnight.AddMinutes(15 * random.Next(0, 90));
                return new TimeRange(start, start.AddMinutes(15 * random.Next(1, 12)));
            }).ToList();
            var calendar = Day().With("available_timeslots", new JsonArray([.. slots.Select(r => (JsonNode)new JsonObject
            {
                ["start_date_time"] = OcpiDateTime.Format(r.Start),
                ["end_date_time"] = OcpiDateTime.Format(r.End),
            })]));

            var reported = Calendar.Check(calendar).Errors.Where(e => e.Message.Contains("overlaps", StringComparison.Ordinal))
                .Select(e => int.Parse(e.Path["available_timeslots[".Length..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();

            var anyPair = slots.SelectMany((a, i) => slots.Where((b, j) => j != i && a.Overlaps(b))).Any();
            reported.Count.ShouldBe(reported.Distinct().Count());
            (reported.Count > 0).ShouldBe(anyPair, string.Join(", ", slots));
            foreach (var index in reported) slots.Where((b, j) => j != index && slots[index].Overlaps(b)).ShouldNotBeEmpty();
        }
    }
}
