using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Json;
using static Ocpi.Emsp.Tests.Bookings.Locations.BookingLocationsFixture;

namespace Ocpi.Emsp.Tests.Bookings.Locations;

/// <summary>A CPO (the simulator, on real HTTP) publishes BookingLocations with calendars; we store, serve and show them.</summary>
public sealed class BookingLocationPushTests(BookingLocationsFixture emsp) : IClassFixture<BookingLocationsFixture>
{
    [Fact]
    public async Task we_advertise_the_bookings_receiver_as_Booking_under_bookings()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var endpoint = cpo.EmspEndpoints.Single(e => e.Identifier == "Booking");
        endpoint.Role.ShouldBe(Protocol.Versions.InterfaceRole.RECEIVER);
        endpoint.Url.ShouldEndWith("/ocpi/2.3.0/bookings");
    }

    [Fact]
    public async Task a_booking_location_with_its_calendar_is_stored_as_one_event_with_the_request_metadata_and_reads_back_equal()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var location = cpo.BookingLocation("BL1", "LOC1", Day);
        var requestId = Guid.NewGuid().ToString();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspBookingLocationUrl("BL1"), cpo.TokenForEmsp,
            headers: new Dictionary<string, string> { ["X-Request-ID"] = requestId }, rawBody: location.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("bl1"), cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(Parse(get), location).ShouldBeTrue(get.Data.GetRawText());
        var calendar = await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("BL1", "CAL1"), cpo.TokenForEmsp);
        JsonNode.DeepEquals(Parse(calendar), location["calendars"]![0]).ShouldBeTrue(calendar.Data.GetRawText());

        await using var session = emsp.Store.QuerySession();
        var e = (await session.Events.FetchStreamAsync(Key(cpo, "BL1"))).ShouldHaveSingleItem();
        e.Data.GetType().Name.ShouldBe("BookingLocationPut");
        e.CausationId.ShouldBe(requestId);
        e.GetHeader(EventMetadata.PartnerHeader)?.ToString().ShouldBe(partnerId);
    }

    [Fact]
    public async Task the_official_booking_location_example_corrected_is_accepted_and_read_back_equal()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var example = SpecExamples.OwnedBy("booking_location_example.json", cpo.Options.Party);
        // Its known defects (bookings.md §10): evse_position as a string, seconds 99, two calendars with one id.
        example["booking_option"]!["evse_position"] = new JsonArray("LEFT");
        foreach (var (calendar, id) in example["calendars"]!.AsArray().Zip(["CA112", "CA113"]))
        {
            calendar!["id"] = id;
            calendar["end_before"] = "2025-03-23T23:59:59Z";
            calendar["available_timeslots"]![0]!["end_date_time"] = "2025-03-23T08:59:59Z";
        }

        var put = await cpo.PublishBookingLocationAsync(example);

        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("12345"), cpo.TokenForEmsp);
        JsonNode.DeepEquals(Parse(get), example).ShouldBeTrue(get.Data.GetRawText());
    }

    [Fact]
    public async Task a_calendar_patch_changes_its_slots_and_sets_the_booking_locations_last_updated()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = cpo.BookingLocation("BL2", "LOC1", Day);
        location["last_updated"] = "2025-01-01T00:00:00Z";
        location["calendars"]![0]!["last_updated"] = "2025-01-01T00:00:00Z";
        (await cpo.PublishBookingLocationAsync(location)).StatusCode.ShouldBe(1000);
        var slot = new JsonObject
        {
            ["start_date_time"] = OcpiDateTime.Format(Day.AddHours(9)),
            ["end_date_time"] = OcpiDateTime.Format(Day.AddHours(11)),
        };
        var patch = new JsonObject { ["available_timeslots"] = new JsonArray(slot), ["last_updated"] = "2025-02-02T10:00:00Z" };

        var patched = await cpo.PatchBookingCalendarAsync("BL2", "CAL1", patch);

        patched.StatusCode.ShouldBe(1000, patched.StatusMessage);
        var stored = Parse(await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("BL2"), cpo.TokenForEmsp));
        stored["last_updated"]!.GetValue<string>().ShouldBe("2025-02-02T10:00:00Z");
        stored["calendars"]![0]!["last_updated"]!.GetValue<string>().ShouldBe("2025-02-02T10:00:00Z");
        JsonNode.DeepEquals(stored["calendars"]![0]!["available_timeslots"], new JsonArray(slot.DeepClone())).ShouldBeTrue();
        stored["calendars"]![0]!["timeslot_increment"]!.GetValue<int>().ShouldBe(15);
        (await emsp.EventTypesAsync(Key(cpo, "BL2"))).ShouldBe(["BookingLocationPut", "BookingCalendarPatched"]);
    }

    [Fact]
    public async Task a_calendar_put_adds_a_second_calendar_and_a_booking_location_patch_replaces_its_terms()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = cpo.BookingLocation("BL3", "LOC1", Day);
        (await cpo.PublishBookingLocationAsync(location)).StatusCode.ShouldBe(1000);
        var second = cpo.BookingLocation("BL3", "LOC1", Day.AddDays(3), days: 1, calendarId: "CAL2")["calendars"]![0]!.AsObject();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspBookingLocationUrl("BL3", "CAL2"), cpo.TokenForEmsp, rawBody: second.ToJsonString());
        var terms = new JsonObject
        {
            ["booking_terms"] = new JsonObject { ["supported_access_methods"] = new JsonArray("LICENSE_PLATE"), ["change_until_minutes"] = 5, ["cancel_until_minutes"] = 5 },
            ["last_updated"] = OcpiDateTime.Format(DateTimeOffset.UtcNow.AddMinutes(1)),
        };
        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, cpo.EmspBookingLocationUrl("BL3"), cpo.TokenForEmsp, rawBody: terms.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        patch.StatusCode.ShouldBe(1000, patch.StatusMessage);
        var stored = Parse(await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("BL3"), cpo.TokenForEmsp));
        stored["calendars"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldBe(["CAL1", "CAL2"]);
        JsonNode.DeepEquals(stored["booking_terms"], terms["booking_terms"]).ShouldBeTrue(stored.ToJsonString());
        (await emsp.EventTypesAsync(Key(cpo, "BL3"))).ShouldBe(["BookingLocationPut", "BookingCalendarPut", "BookingLocationPatched"]);
    }

    [Fact]
    public async Task an_older_push_is_answered_1000_recorded_and_not_applied()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = cpo.BookingLocation("BL4", "LOC1", Day);
        (await cpo.PublishBookingLocationAsync(location)).StatusCode.ShouldBe(1000);
        var older = location.DeepClone().AsObject();
        older["last_updated"] = "2020-01-01T00:00:00Z";
        older["location_id"] = "ELSEWHERE";
        var olderCalendar = new JsonObject { ["timeslot_increment"] = 30, ["last_updated"] = "2020-01-01T00:00:00Z" };

        var put = await cpo.PublishBookingLocationAsync(older);
        var patch = await cpo.PatchBookingCalendarAsync("BL4", "CAL1", olderCalendar);

        put.StatusCode.ShouldBe(1000);
        put.StatusMessage!.ShouldContain("not applied");
        patch.StatusCode.ShouldBe(1000);
        var stored = Parse(await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("BL4"), cpo.TokenForEmsp));
        JsonNode.DeepEquals(stored, location).ShouldBeTrue(stored.ToJsonString());
        (await emsp.EventTypesAsync(Key(cpo, "BL4"))).ShouldBe(["BookingLocationPut", "BookingLocationStaleUpdateIgnored", "BookingLocationStaleUpdateIgnored"]);
    }

    [Fact]
    public async Task the_internal_api_shows_the_booking_location_with_its_free_slots_in_the_window()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        (await cpo.PublishBookingLocationAsync(cpo.BookingLocation("BL5", "LOC-API", Day, days: 3))).StatusCode.ShouldBe(1000);
        var party = $"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}";
        var from = Uri.EscapeDataString(OcpiDateTime.Format(Day.AddDays(1).AddHours(12)));
        var to = Uri.EscapeDataString(OcpiDateTime.Format(Day.AddDays(2).AddHours(10)));

        var list = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/booking-locations?cpo={party}&location_id=loc-api&from={from}&to={to}", OcpiJson.Options);

        list.GetProperty("total").GetInt64().ShouldBe(1);
        var item = list.GetProperty("items")[0];
        item.GetProperty("booking_location_id").GetString().ShouldBe("BL5");
        item.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        var free = item.GetProperty("calendars")[0].GetProperty("free_slots").EnumerateArray()
            .Select(s => (s.GetProperty("start_date_time").GetDateTimeOffset(), s.GetProperty("end_date_time").GetDateTimeOffset())).ToList();
        // Day 2 from 12:00 to 18:00, day 3 from 08:00 to the window's end at 10:00.
        free.ShouldBe([(Day.AddDays(1).AddHours(12), Day.AddDays(1).AddHours(18)), (Day.AddDays(2).AddHours(8), Day.AddDays(2).AddHours(10))]);

        var one = await emsp.InternalApi().GetAsync($"/api/booking-locations/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/bl5?from={from}&to={to}");
        one.StatusCode.ShouldBe(HttpStatusCode.OK);
        var single = await one.Content.ReadFromJsonAsync<JsonElement>();
        single.GetProperty("calendars")[0].GetProperty("free_slots").GetArrayLength().ShouldBe(2);
        single.GetProperty("booking_location").GetProperty("location_id").GetString().ShouldBe("LOC-API");

        var events = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/booking-locations/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/BL5/events");
        events.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task the_internal_api_refuses_bad_query_values_naming_the_parameter_and_answers_404_for_an_unknown_location()
    {
        var api = emsp.InternalApi();
        foreach (var (query, parameter) in new[]
                 {
                     ("cpo=NLTNM", "cpo"), ("from=yesterday", "from"), ("to=2020-01-01T00:00:00Z&from=2020-02-01T00:00:00Z", "to"),
                     ("from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z", "to"), ("limit=0", "limit"), ($"location_id={new string('x', 37)}", "location_id"),
                 })
        {
            var response = await api.GetAsync($"/api/booking-locations?{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue(query);
        }
        (await api.GetAsync("/api/booking-locations/NL/ZZZ/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
