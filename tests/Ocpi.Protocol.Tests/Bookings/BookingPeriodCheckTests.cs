using System.Text.Json.Nodes;
using Ocpi.Protocol.Bookings;

namespace Ocpi.Protocol.Tests.Bookings;

/// <summary>A requested period against a BookingLocation's calendars and terms, before anything is sent to the CPO.</summary>
public sealed class BookingPeriodCheckTests
{
    private static readonly DateTimeOffset Midnight = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Before = Midnight.AddDays(-1);

    private static DateTimeOffset At(string hhmm) => Midnight + TimeSpan.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture);
    private static TimeRange R(string from, string to) => new(At(from), At(to));

    /// <summary>One calendar (08:00-10:00 and 14:00-15:00, 15-minute increment), bookings of 30 to 90 minutes.</summary>
    private static JsonNode Location() => JsonNode.Parse("""
        {"country_code": "NL", "party_id": "TNM", "id": "BL1", "location_id": "LOC1", "booking_option": {"evse_uid": "#NA"},
         "booking_terms": {"supported_access_methods": ["TOKEN"], "change_until_minutes": 60, "cancel_until_minutes": 60,
                           "min_booking_duration": 30, "max_booking_duration": 90},
         "calendars": [{"id": "C1", "begin_from": "2030-01-01T00:00:00Z", "end_before": "2030-01-02T00:00:00Z", "timeslot_increment": 15,
                        "available_timeslots": [{"start_date_time": "2030-01-01T08:00:00Z", "end_date_time": "2030-01-01T10:00:00Z"},
                                                {"start_date_time": "2030-01-01T14:00:00Z", "end_date_time": "2030-01-01T15:00:00Z"}],
                        "last_updated": "2029-12-01T00:00:00Z"}],
         "last_updated": "2029-12-01T00:00:00Z"}
        """)!;

    [Theory]
    [InlineData("08:00", "09:00")]
    [InlineData("08:15", "09:45")]
    [InlineData("14:30", "15:00")]
    public void a_period_inside_a_free_slot_on_the_increment_may_be_requested(string from, string to) =>
        BookingPeriodCheck.Check(Location(), R(from, to), Before).ShouldBeNull();

    [Fact]
    public void a_period_ending_before_it_starts_is_refused_on_its_end() =>
        BookingPeriodCheck.Check(Location(), R("09:00", "08:30"), Before)!.Path.ShouldBe("period.end_date_time");

    [Fact]
    public void a_period_in_the_past_is_refused_on_its_start()
    {
        var refusal = BookingPeriodCheck.Check(Location(), R("08:00", "09:00"), At("08:05"))!;
        refusal.Path.ShouldBe("period.start_date_time");
        refusal.Message.ShouldContain("is in the past");
    }

    [Fact]
    public void a_period_shorter_than_the_minimum_booking_duration_is_refused() =>
        BookingPeriodCheck.Check(Location(), R("08:00", "08:15"), Before)!.Message.ShouldContain("less than booking_terms.min_booking_duration (30)");

    [Fact]
    public void a_period_longer_than_the_maximum_booking_duration_is_refused() =>
        BookingPeriodCheck.Check(Location(), R("08:00", "10:00"), Before)!.Message.ShouldContain("more than booking_terms.max_booking_duration (90)");

    [Theory]
    [InlineData("07:30", "08:30")]
    [InlineData("09:30", "10:30")]
    [InlineData("11:00", "12:00")]
    [InlineData("14:45", "15:15")]
    public void a_period_the_calendar_shows_as_taken_or_outside_its_slots_is_refused(string from, string to)
    {
        var refusal = BookingPeriodCheck.Check(Location(), R(from, to), Before)!;
        refusal.Path.ShouldBe("period");
        refusal.Message.ShouldContain("is not inside an available timeslot of any calendar of booking location BL1");
    }

    [Fact]
    public void a_period_off_the_increment_is_refused_naming_the_end_or_start_that_is_off()
    {
        BookingPeriodCheck.Check(Location(), R("08:10", "09:10"), Before)!.Path.ShouldBe("period.start_date_time");
        var end = BookingPeriodCheck.Check(Location(), R("08:00", "08:40"), Before)!;
        end.Path.ShouldBe("period.end_date_time");
        end.Message.ShouldContain("15-minute timeslot_increment of calendar C1");
    }

    [Fact]
    public void a_period_overlapping_a_booking_already_made_is_refused() =>
        BookingPeriodCheck.Check(Location(), R("08:30", "09:30"), Before, [R("09:00", "10:00")])!.Message.ShouldContain("already booked");

    [Fact]
    public void a_period_next_to_a_booking_already_made_may_be_requested() =>
        BookingPeriodCheck.Check(Location(), R("08:00", "09:00"), Before, [R("09:00", "10:00")]).ShouldBeNull();

    [Fact]
    public void a_location_without_calendars_offers_nothing() =>
        BookingPeriodCheck.Check(Location().Without("calendars"), R("08:00", "09:00"), Before)!.Message.ShouldContain("publishes no calendar");

    [Fact]
    public void a_location_without_terms_limits_no_duration() =>
        BookingPeriodCheck.Check(Location().Without("booking_terms"), R("08:00", "10:00"), Before).ShouldBeNull();
}
