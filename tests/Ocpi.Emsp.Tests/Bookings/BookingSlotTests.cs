using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>
/// A request or change for a period the CPO's calendar does not show free is answered with a clear error before the
/// CPO is called; a free one is sent.
/// </summary>
public sealed class BookingSlotTests(BookingsFixture emsp) : IClassFixture<BookingsFixture>
{
    private static JsonObject At(DateTimeOffset day, double fromHour, double toHour) => new()
    {
        ["start_date_time"] = OcpiDateTime.Format(day.AddHours(fromHour)), ["end_date_time"] = OcpiDateTime.Format(day.AddHours(toHour)),
    };

    private async Task<(CpoSimulator.CpoSimulator Cpo, DateTimeOffset Tomorrow)> PublishedAsync()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var tomorrow = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        (await cpo.PublishBookingLocationAsync(cpo.BookingLocation("BL1", "LOC1", tomorrow))).StatusCode.ShouldBe(1000);
        return (cpo, tomorrow);
    }

    [Fact]
    public async Task a_period_outside_the_free_slots_or_off_the_increment_is_refused_with_409_and_nothing_is_sent()
    {
        var (cpo, tomorrow) = await PublishedAsync();
        var token = await emsp.OurTokenAsync();
        var before = await emsp.BookingCountAsync();

        foreach (var period in new[] { At(tomorrow, 19, 20), At(tomorrow, 17, 19), At(tomorrow, 10 + 5 / 60.0, 11), At(tomorrow, 24 * 3 + 10, 24 * 3 + 11) })
        {
            var response = await emsp.PostRawAsync(BookingsFixture.RequestBody(cpo, token, period).ToJsonString());
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, text);
            text.ShouldContain("do not show");
            text.ShouldContain("BL1");
        }

        cpo.ReceivedBookingRequests.ShouldBeEmpty();
        (await emsp.BookingCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_free_period_shorter_or_longer_than_the_terms_allow_is_refused_with_409_naming_the_limit_and_nothing_is_sent()
    {
        var (cpo, tomorrow) = await PublishedAsync();
        var token = await emsp.OurTokenAsync();
        var before = await emsp.BookingCountAsync();

        foreach (var (period, limit) in new[] { (At(tomorrow, 9, 9.25), "min_booking_duration"), (At(tomorrow, 9, 14), "max_booking_duration") })
        {
            var response = await emsp.PostRawAsync(BookingsFixture.RequestBody(cpo, token, period).ToJsonString());
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, text);
            text.ShouldContain(limit);
            text.ShouldContain("period.end_date_time");
        }

        cpo.ReceivedBookingRequests.ShouldBeEmpty();
        (await emsp.BookingCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_free_period_is_sent_and_a_change_to_a_taken_one_is_refused_before_the_cpo_is_called()
    {
        var (cpo, tomorrow) = await PublishedAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync(), At(tomorrow, 10, 11)));
        await emsp.WaitForStatusAsync(id, "RESERVED");
        // The CPO's calendar now shows only the afternoon free.
        (await cpo.PatchBookingCalendarAsync("BL1", "CAL1", new JsonObject
        {
            ["available_timeslots"] = new JsonArray(At(tomorrow, 14, 18)),
            ["last_updated"] = OcpiDateTime.Format(DateTimeOffset.UtcNow.AddSeconds(5)),
        })).StatusCode.ShouldBe(1000);

        var taken = await emsp.PatchRawAsync(id, new JsonObject { ["period"] = At(tomorrow, 12, 13) }.ToJsonString());
        var free = await emsp.PatchRawAsync(id, new JsonObject { ["period"] = At(tomorrow, 15, 16) }.ToJsonString());

        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        free.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await emsp.WaitForRequestsSettledAsync(id, 2);
        cpo.ReceivedBookingRequests.Count.ShouldBe(2);
        cpo.ReceivedBookingRequests[1]["period"]!["start_date_time"]!.GetValue<string>().ShouldBe(OcpiDateTime.Format(tomorrow.AddHours(15)));
    }

    [Fact]
    public async Task a_location_id_that_is_not_the_booking_locations_is_refused_with_400()
    {
        var (cpo, tomorrow) = await PublishedAsync();
        var body = BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync(), At(tomorrow, 10, 11));
        body["location_id"] = "LOC2";

        var response = await emsp.PostRawAsync(body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("location_id");
        cpo.ReceivedBookingRequests.ShouldBeEmpty();
    }
}
