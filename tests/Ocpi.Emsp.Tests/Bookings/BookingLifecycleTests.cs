using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>Bookings with a simulated CPO on Kestrel, through the lifecycle the module's state diagram draws.</summary>
public sealed class BookingLifecycleTests(BookingsFixture emsp) : IClassFixture<BookingsFixture>
{
    [Fact]
    public async Task a_booking_is_answered_pending_pushed_reserved_and_fulfilled_by_a_session_carrying_its_reference()
    {
        var (cpo, partnerId) = await emsp.BookingCpoAsync();
        var token = await emsp.OurTokenAsync();

        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, token));

        var reserved = await emsp.WaitForStatusAsync(id, "RESERVED");
        var sent = cpo.ReceivedBookingRequests.ShouldHaveSingleItem();
        sent["request_id"]!.GetValue<string>().ShouldBe(id);
        sent["authorization_reference"]!.GetValue<string>().ShouldBe(id);
        sent["country_code"]!.GetValue<string>().ShouldBe("NL");
        sent["party_id"]!.GetValue<string>().ShouldBe("EMS");
        sent["booking_location_id"]!.GetValue<string>().ShouldBe("BL1");
        var bookingToken = sent["tokens"]!.AsArray().ShouldHaveSingleItem()!;
        bookingToken["uid"]!.GetValue<string>().ShouldBe(token);
        bookingToken["contract_id"]!.GetValue<string>().ShouldBe("NL-EMS-C" + token);
        var post = cpo.RequestsTo("/ocpi/2.3.0/Booking").ShouldHaveSingleItem();
        post.Header("OCPI-to-party-id").ShouldBe(cpo.Options.Party.PartyId);
        reserved.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        reserved.GetProperty("booking_id").GetString().ShouldBe(cpo.Booking(id)!["id"]!.GetValue<string>());
        reserved.GetProperty("requests").EnumerateArray().ShouldHaveSingleItem().GetProperty("outcome").GetString().ShouldBe("ANSWERED");
        // The push may overtake the answer (the spec warns of it): both are kept, in the order they came.
        BookingsFixture.Timeline(reserved).ShouldBe(["booking_requested", "booking_request_answered", "booking_pushed"], ignoreOrder: true);
        reserved.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "booking_request_answered").GetProperty("data").GetProperty("booking").GetProperty("reservation_status").GetString().ShouldBe("PENDING");

        var party = cpo.Options.Party;
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", party);
        session["authorization_reference"] = id;
        var sessionId = session["id"]!.GetValue<string>();
        (await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint("sessions")}/{party.CountryCode}/{party.PartyId}/{sessionId}",
            cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        (await cpo.PatchBookingAsync(id, new JsonObject { ["reservation_status"] = "FULFILLED" })).StatusCode.ShouldBe(1000);

        var fulfilled = await emsp.BookingAsync(id);
        fulfilled.GetProperty("status").GetString().ShouldBe("FULFILLED");
        fulfilled.GetProperty("sessions").EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(sessionId);
        fulfilled.GetProperty("unexpected_transitions").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_cancellation_by_us_posts_the_request_again_with_canceled_and_ends_canceled()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");

        var response = await emsp.InternalApi().DeleteAsync($"/api/bookings/{id}?reason=TRAFFIC");

        ((int)response.StatusCode).ShouldBe(202);
        var canceled = await emsp.WaitForStatusAsync(id, "CANCELED");
        var cancel = cpo.ReceivedBookingRequests[^1];
        cancel["request_id"]!.GetValue<string>().ShouldBe(id);
        cancel["canceled"]!["cancellation_reason"]!.GetValue<string>().ShouldBe("TRAFFIC");
        cancel["canceled"]!["who_canceled"]!.GetValue<string>().ShouldBe("EMSP");
        canceled.GetProperty("requests")[1].GetProperty("kind").GetString().ShouldBe("CANCEL");
        canceled.GetProperty("booking").GetProperty("canceled").GetProperty("who_canceled").GetString().ShouldBe("EMSP");
        BookingsFixture.Timeline(canceled).ShouldContain("booking_cancellation_requested");
        // A final state: nothing more is sent.
        ((int)(await emsp.InternalApi().DeleteAsync($"/api/bookings/{id}")).StatusCode).ShouldBe(409);
        cpo.ReceivedBookingRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_cancellation_by_the_cpo_is_a_patch_with_its_cancellation()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");

        var answer = await cpo.PatchBookingAsync(id, new JsonObject
        {
            ["reservation_status"] = "CANCELED",
            ["canceled"] = new JsonObject { ["cancellation_reason"] = "BROKEN_CHARGER", ["who_canceled"] = "CPO" },
        });

        answer.StatusCode.ShouldBe(1000);
        var booking = await emsp.BookingAsync(id);
        booking.GetProperty("status").GetString().ShouldBe("CANCELED");
        booking.GetProperty("booking").GetProperty("canceled").GetProperty("cancellation_reason").GetString().ShouldBe("BROKEN_CHARGER");
        booking.GetProperty("timeline").EnumerateArray().Last().GetProperty("data").GetProperty("method").GetString().ShouldBe("PATCH");
    }

    [Fact]
    public async Task a_reserved_booking_not_used_ends_no_show()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");

        (await cpo.PatchBookingAsync(id, new JsonObject { ["reservation_status"] = "NO_SHOW" })).StatusCode.ShouldBe(1000);

        (await emsp.BookingAsync(id)).GetProperty("status").GetString().ShouldBe("NO_SHOW");
    }

    [Fact]
    public async Task a_cpo_refusing_the_slot_pushes_rejected_and_the_booking_ends_there()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        cpo.Bookings.Then = "REJECTED";

        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));

        var rejected = await emsp.WaitForStatusAsync(id, "REJECTED");
        rejected.GetProperty("booking").GetProperty("booking_requests")[0].GetProperty("request_status").GetString().ShouldBe("DECLINED");
        ((int)(await emsp.PatchRawAsync(id, """{"tokens": [{"uid": "X"}]}""")).StatusCode).ShouldBe(400);
        ((int)(await emsp.InternalApi().DeleteAsync($"/api/bookings/{id}")).StatusCode).ShouldBe(409);
    }

    [Fact]
    public async Task a_cpo_answering_rejected_at_once_is_recorded_from_its_answer()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        cpo.Bookings.Answer = "REJECTED";
        cpo.Bookings.StatusCode = 2003;
        cpo.Bookings.Then = null;

        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));

        var rejected = await emsp.WaitForStatusAsync(id, "REJECTED");
        var request = rejected.GetProperty("requests").EnumerateArray().ShouldHaveSingleItem();
        request.GetProperty("status_code").GetInt32().ShouldBe(2003);
        request.GetProperty("outcome").GetString().ShouldBe("ANSWERED");
    }

    [Fact]
    public async Task a_cpo_failing_with_http_503_leaves_the_booking_send_failed()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        cpo.Bookings.HttpStatus = 503;

        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));

        var failed = await emsp.WaitForStatusAsync(id, "SEND_FAILED");
        var request = failed.GetProperty("requests").EnumerateArray().ShouldHaveSingleItem();
        request.GetProperty("http_status").GetInt32().ShouldBe(503);
        request.GetProperty("failure").GetString()!.ShouldContain("503");
        failed.TryGetProperty("booking", out _).ShouldBeFalse();
        cpo.ReceivedBookingRequests.Count.ShouldBe(1);
        ((int)(await emsp.InternalApi().DeleteAsync($"/api/bookings/{id}")).StatusCode).ShouldBe(409);
    }
}
