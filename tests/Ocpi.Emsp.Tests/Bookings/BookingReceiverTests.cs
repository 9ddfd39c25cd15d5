using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>
/// The Booking RECEIVER: pushes are validated before anything is stored, accepted only from the CPO the booking was
/// requested from, ordered by last_updated, and checked against the lifecycle (a transition the diagram does not draw
/// is stored and flagged).
/// </summary>
public sealed class BookingReceiverTests(BookingsFixture emsp) : IClassFixture<BookingsFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Cpo, string Id, JsonObject Booking)> ReservedAsync()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");
        return (cpo, id, cpo.Booking(id)!);
    }

    private static string Now(int secondsAhead = 60) => OcpiDateTime.Format(DateTimeOffset.UtcNow.AddSeconds(secondsAhead));

    [Fact]
    public async Task bad_pushes_are_refused_naming_the_problem_and_store_nothing()
    {
        var (cpo, id, booking) = await ReservedAsync();
        var events = await emsp.EventCountAsync(id);
        var noStatus = booking.DeepClone().AsObject();
        noStatus.Remove("reservation_status");
        var otherId = booking.DeepClone().AsObject();
        otherId["last_updated"] = Now();
        otherId["id"] = "OTHER";
        var badEnum = new JsonObject { ["reservation_status"] = "DONE", ["last_updated"] = Now() };

        (await cpo.PushBookingAsync(HttpMethod.Put, booking, null, rawBody: "{not json")).HttpStatus.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var missing = await cpo.PushBookingAsync(HttpMethod.Put, booking, noStatus);
        missing.StatusCode.ShouldBe(2001);
        missing.StatusMessage!.ShouldContain("reservation_status");
        var mismatch = await cpo.PushBookingAsync(HttpMethod.Put, booking, otherId);
        mismatch.StatusCode.ShouldBe(2001);
        mismatch.StatusMessage!.ShouldContain("id of the body");
        (await cpo.PushBookingAsync(HttpMethod.Patch, booking, badEnum)).StatusCode.ShouldBe(2001);
        var noLastUpdated = await cpo.PushBookingAsync(HttpMethod.Patch, booking, new JsonObject { ["reservation_status"] = "FULFILLED" });
        noLastUpdated.StatusCode.ShouldBe(2001);
        noLastUpdated.StatusMessage!.ShouldContain("last_updated");

        (await emsp.EventCountAsync(id)).ShouldBe(events);
        (await emsp.BookingAsync(id)).GetProperty("status").GetString().ShouldBe("RESERVED");
    }

    [Fact]
    public async Task another_partner_cannot_read_or_change_a_booking_and_an_unknown_one_is_404()
    {
        var (cpo, id, booking) = await ReservedAsync();
        var (intruder, _) = await emsp.BookingCpoAsync();
        var events = await emsp.EventCountAsync(id);
        var put = booking.DeepClone().AsObject();
        put["reservation_status"] = "CANCELED";
        put["last_updated"] = Now();
        var url = cpo.BookingUrl(booking);

        var intruderPut = await intruder.CallEmspAsync(HttpMethod.Put, url, intruder.TokenForEmsp, put);
        var intruderPatch = await intruder.CallEmspAsync(HttpMethod.Patch, url, intruder.TokenForEmsp,
            new JsonObject { ["reservation_status"] = "CANCELED", ["last_updated"] = Now() });
        var intruderGet = await intruder.CallEmspAsync(HttpMethod.Get, url, intruder.TokenForEmsp);

        intruderPut.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        intruderPut.StatusCode.ShouldBe(2001);
        intruderPatch.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        intruderGet.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await emsp.EventCountAsync(id)).ShouldBe(events);
        (await emsp.BookingAsync(id)).GetProperty("status").GetString().ShouldBe("RESERVED");

        var unknown = booking.DeepClone().AsObject();
        unknown["request_id"] = "NEVER-REQUESTED";
        unknown["last_updated"] = Now();
        (await cpo.PushBookingAsync(HttpMethod.Put, booking, unknown)).HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        get.Data.GetProperty("request_id").GetString().ShouldBe(id);
        get.Data.GetProperty("reservation_status").GetString().ShouldBe("RESERVED");
    }

    [Fact]
    public async Task a_push_older_than_the_held_booking_is_recorded_but_not_applied()
    {
        var (cpo, id, booking) = await ReservedAsync();
        var old = booking.DeepClone().AsObject();
        old["reservation_status"] = "CANCELED";
        old["last_updated"] = "2020-01-01T00:00:00Z";

        var answer = await cpo.PushBookingAsync(HttpMethod.Put, booking, old);

        answer.StatusCode.ShouldBe(1000);
        answer.StatusMessage!.ShouldContain("not applied");
        var held = await emsp.BookingAsync(id);
        held.GetProperty("status").GetString().ShouldBe("RESERVED");
        held.GetProperty("ignored_pushes").GetInt32().ShouldBe(1);
        BookingsFixture.Timeline(held).ShouldContain("booking_push_ignored");
    }

    [Fact]
    public async Task a_transition_the_lifecycle_does_not_allow_is_stored_but_flagged()
    {
        var (cpo, id, _) = await ReservedAsync();
        (await cpo.PatchBookingAsync(id, new JsonObject { ["reservation_status"] = "FULFILLED" })).StatusCode.ShouldBe(1000);

        var answer = await cpo.PutBookingAsync(id, "RESERVED");

        answer.StatusCode.ShouldBe(1000);
        answer.StatusMessage!.ShouldContain("FULFILLED -> RESERVED");
        var held = await emsp.BookingAsync(id);
        held.GetProperty("status").GetString().ShouldBe("RESERVED");
        held.GetProperty("unexpected_transitions").EnumerateArray().ShouldHaveSingleItem().GetString().ShouldBe("FULFILLED -> RESERVED");
        var list = await emsp.InternalApi().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/bookings?cpo={cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}");
        list.GetProperty("items").EnumerateArray().ShouldHaveSingleItem().GetProperty("unexpected_transitions").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task the_official_booking_examples_are_validated_and_applied_once_owned_by_the_pushing_cpo()
    {
        var (cpo, id, held) = await ReservedAsync();
        var example = SpecExamples.Load("booking_example.json");
        // As published, party_id "INF12" is longer than CiString(3).
        var verbatim = await cpo.PushBookingAsync(HttpMethod.Put, held, example);
        verbatim.StatusCode.ShouldBe(2001);
        verbatim.StatusMessage!.ShouldContain("party_id");

        example["id"] = held["id"]!.DeepClone();
        example["country_code"] = cpo.Options.Party.CountryCode;
        example["party_id"] = cpo.Options.Party.PartyId;
        example["request_id"] = id;
        example["booking_tokens"]![0]!["party_id"] = "EMS";
        foreach (var request in example["booking_requests"]!.AsArray())
        {
            request!["booking_request"]!["party_id"] = "EMS";
            request["booking_request"]!["request_id"] = id;
            request["booking_request"]!["booking_location_id"] = "BL1";
        }
        example["last_updated"] = Now();
        var put = await cpo.PushBookingAsync(HttpMethod.Put, held, example);
        put.StatusCode.ShouldBe(1000, put.StatusMessage);

        var status = SpecExamples.Load("booking_patch_example_status_update.json");
        status["last_updated"] = Now(120);
        (await cpo.PushBookingAsync(HttpMethod.Patch, held, status)).StatusCode.ShouldBe(1000);
        var evse = SpecExamples.Load("booking_patch_example_evse_uid.json");
        evse["last_updated"] = Now(180);
        (await cpo.PushBookingAsync(HttpMethod.Patch, held, evse)).StatusCode.ShouldBe(1000);

        var booking = (await emsp.BookingAsync(id)).GetProperty("booking");
        booking.GetProperty("authorization_reference").GetString().ShouldBe("pp-100100-1948213567");
        booking.GetProperty("booking_requests").GetArrayLength().ShouldBe(2);
        // The 1.0 top-level evse_uid of the example is kept as the CPO sent it.
        booking.GetProperty("evse_uid").GetString().ShouldBe("EVS1234");
        booking.GetProperty("reservation_status").GetString().ShouldBe("RESERVED");
    }
}
