using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>
/// Changes and cancellations are new BookingRequests with the same request_id, sent only while the CPO's booking_terms
/// allow them; the official booking_request_patch_example_*.json shapes are what PATCH /api/bookings/{id} reads.
/// </summary>
public sealed class BookingChangeTests(BookingsFixture emsp) : IClassFixture<BookingsFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Cpo, string Id)> ReservedAsync(JsonObject? terms = null)
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        if (terms is not null) cpo.Bookings.Terms = terms;
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");
        return (cpo, id);
    }

    [Fact]
    public async Task a_change_of_time_slot_in_the_official_timeslot_shape_is_posted_with_the_same_request_id_and_confirmed()
    {
        var (cpo, id) = await ReservedAsync();
        var change = SpecExamples.Load("booking_request_patch_example_timeslot.json");
        // The published file has keys with trailing spaces and a second 99; the shape (timeslot, power fields,
        // last_updated) is kept, the slot moved to one we can book.
        var slot = BookingsFixture.Period(TimeSpan.FromDays(2), TimeSpan.FromHours(2));
        change["timeslot"] = new JsonObject
        {
            ["start_date_time"] = slot["start_date_time"]!.DeepClone(), ["end_date_time"] = slot["end_date_time"]!.DeepClone(),
            ["min_power"] = 12, ["max_power"] = 12, ["green_power_support"] = false,
        };

        var response = await emsp.PatchRawAsync(id, change.ToJsonString());

        ((int)response.StatusCode).ShouldBe(202, await response.Content.ReadAsStringAsync());
        var booking = await emsp.WaitForAsync(id, b => b.GetProperty("period_start").GetDateTimeOffset() ==
            DateTimeOffset.Parse(slot["start_date_time"]!.GetValue<string>()) && b.GetProperty("status").GetString() == "RESERVED" &&
            b.GetProperty("booking").GetProperty("booking_requests").EnumerateArray().All(r => r.GetProperty("request_status").GetString() == "ACCEPTED"),
            "the new slot reserved, both requests accepted");
        var sent = cpo.ReceivedBookingRequests[^1];
        sent["request_id"]!.GetValue<string>().ShouldBe(id);
        sent["period"]!["start_date_time"]!.GetValue<string>().ShouldBe(slot["start_date_time"]!.GetValue<string>());
        sent["period"]!.AsObject().ContainsKey("min_power").ShouldBeFalse();
        booking.GetProperty("requests")[1].GetProperty("kind").GetString().ShouldBe("CHANGE");
        BookingsFixture.Timeline(booking).ShouldBe(["booking_requested", "booking_request_answered", "booking_pushed",
            "booking_change_requested", "booking_request_answered", "booking_pushed"], ignoreOrder: true);
    }

    [Fact]
    public async Task the_official_timeslot_example_as_published_is_refused_naming_its_broken_fields_and_nothing_is_sent()
    {
        var (cpo, id) = await ReservedAsync();
        var events = await emsp.EventCountAsync(id);

        var response = await emsp.PatchRawAsync(id, SpecExamples.Load("booking_request_patch_example_timeslot.json").ToJsonString());

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("timeslot.start_date_time");
        (await emsp.EventCountAsync(id)).ShouldBe(events);
        cpo.ReceivedBookingRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_change_of_tokens_in_the_official_tokens_shape_sends_our_stored_tokens()
    {
        var (cpo, id) = await ReservedAsync();
        var other = await emsp.OurTokenAsync();
        var change = SpecExamples.Load("booking_request_patch_example_tokens.json");
        // The example's token is party NL-INF's: a booking carries only our own.
        var verbatim = await emsp.PatchRawAsync(id, change.ToJsonString());
        ((int)verbatim.StatusCode).ShouldBe(400);
        (await verbatim.Content.ReadAsStringAsync()).ShouldContain("must be one of our own tokens");
        var token = change["tokens"]![0]!.AsObject();
        token["party_id"] = "EMS";
        token["uid"] = other;

        var response = await emsp.PatchRawAsync(id, change.ToJsonString());

        ((int)response.StatusCode).ShouldBe(202, await response.Content.ReadAsStringAsync());
        await emsp.WaitForRequestsSettledAsync(id, 2);
        var sent = cpo.ReceivedBookingRequests[^1]["tokens"]!.AsArray().ShouldHaveSingleItem()!;
        sent["uid"]!.GetValue<string>().ShouldBe(other);
        sent["contract_id"]!.GetValue<string>().ShouldBe("NL-EMS-C" + other);
        await emsp.WaitForAsync(id, b => b.GetProperty("booking").GetProperty("booking_tokens")[0].GetProperty("uid").GetString() == other,
            "the CPO confirmed the new token");
    }

    [Fact]
    public async Task a_change_later_than_the_terms_allow_is_refused_with_409_before_calling_the_cpo()
    {
        var (cpo, id) = await ReservedAsync(new JsonObject
        {
            ["supported_access_methods"] = new JsonArray("TOKEN"), ["change_until_minutes"] = 3 * 24 * 60, ["cancel_until_minutes"] = 3 * 24 * 60,
        });
        var events = await emsp.EventCountAsync(id);

        var change = await emsp.PatchRawAsync(id, new JsonObject { ["period"] = BookingsFixture.Period(TimeSpan.FromDays(1), TimeSpan.FromHours(2)) }.ToJsonString());
        var cancel = await emsp.InternalApi().DeleteAsync($"/api/bookings/{id}");

        ((int)change.StatusCode).ShouldBe(409);
        (await change.Content.ReadAsStringAsync()).ShouldContain("change_until_minutes");
        ((int)cancel.StatusCode).ShouldBe(409);
        (await cancel.Content.ReadAsStringAsync()).ShouldContain("cancel_until_minutes");
        (await emsp.EventCountAsync(id)).ShouldBe(events);
        cpo.ReceivedBookingRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_change_the_terms_do_not_allow_is_refused_with_409_but_a_cancellation_is_sent()
    {
        var (cpo, id) = await ReservedAsync(new JsonObject
        {
            ["supported_access_methods"] = new JsonArray("TOKEN"), ["change_until_minutes"] = 0, ["cancel_until_minutes"] = 0, ["change_not_allowed"] = true,
        });

        var change = await emsp.PatchRawAsync(id, new JsonObject { ["period"] = BookingsFixture.Period(TimeSpan.FromDays(2), TimeSpan.FromHours(1)) }.ToJsonString());

        ((int)change.StatusCode).ShouldBe(409);
        (await change.Content.ReadAsStringAsync()).ShouldContain("change_not_allowed");
        ((int)(await emsp.InternalApi().DeleteAsync($"/api/bookings/{id}?reason=BROKEN_VEHICLE")).StatusCode).ShouldBe(202);
        await emsp.WaitForStatusAsync(id, "CANCELED");
        cpo.ReceivedBookingRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_change_to_a_slot_in_the_past_is_refused_with_400_naming_it()
    {
        var (cpo, id) = await ReservedAsync();

        var response = await emsp.PatchRawAsync(id, new JsonObject { ["period"] = BookingsFixture.Period(TimeSpan.FromDays(-1), TimeSpan.FromHours(1)) }.ToJsonString());

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("period.start_date_time");
        cpo.ReceivedBookingRequests.Count.ShouldBe(1);
    }
}
