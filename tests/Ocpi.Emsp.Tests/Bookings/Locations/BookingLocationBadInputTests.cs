using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;
using static Ocpi.Emsp.Tests.Bookings.Locations.BookingLocationsFixture;

namespace Ocpi.Emsp.Tests.Bookings.Locations;

/// <summary>Every bad-input class on the BookingLocation receiver: the spec's status, a message naming the field, nothing stored.</summary>
public sealed class BookingLocationBadInputTests(BookingLocationsFixture emsp) : IClassFixture<BookingLocationsFixture>
{
    private static JsonObject Slot(int fromHour, int toHour) => new()
    {
        ["start_date_time"] = OcpiDateTime.Format(Day.AddHours(fromHour)),
        ["end_date_time"] = OcpiDateTime.Format(Day.AddHours(toHour)),
    };

    private static readonly Dictionary<string, Action<JsonObject>> Spoilers = new()
    {
        ["missing location_id"] = b => b.Remove("location_id"),
        ["missing last_updated"] = b => b.Remove("last_updated"),
        ["no booking option"] = b => b.Remove("booking_option"),
        ["calendar without slots"] = b => b["calendars"]![0]!["available_timeslots"] = new JsonArray(),
        ["overlapping slots"] = b => b["calendars"]![0]!["available_timeslots"]!.AsArray().Add(Slot(17, 20)),
        ["slot outside the calendar"] = b => b["calendars"]![0]!["available_timeslots"]!.AsArray().Add(Slot(24 * 5, 24 * 5 + 2)),
        ["slot ending before it starts"] = b => b["calendars"]![0]!["available_timeslots"]![0]!["end_date_time"] = OcpiDateTime.Format(Day.AddHours(7)),
        ["calendar ids repeated"] = b => b["calendars"]!.AsArray().Add(b["calendars"]![0]!.DeepClone()),
        ["invalid seconds"] = b => b["calendars"]![0]!["end_before"] = "2030-03-23T23:59:99Z",
        ["unknown access method"] = b => b["booking_terms"]!["supported_access_methods"] = new JsonArray("KEY_UNDER_MAT"),
        ["zero increment"] = b => b["calendars"]![0]!["timeslot_increment"] = 0,
        ["url/body id mismatch"] = b => b["id"] = "OTHER",
        ["url/body party mismatch"] = b => b["party_id"] = "ZZZ",
    };

    public static TheoryData<string, string> BadBookingLocations => new()
    {
        { "missing location_id", "location_id: required field is missing" },
        { "missing last_updated", "last_updated: required field is missing" },
        { "no booking option", "booking_option: required field is missing" },
        { "calendar without slots", "calendars[0].available_timeslots: must contain at least one element" },
        { "overlapping slots", "calendars[0].available_timeslots[2]: " },
        { "slot outside the calendar", "calendars[0].available_timeslots[2].end_date_time: " },
        { "slot ending before it starts", "calendars[0].available_timeslots[0].end_date_time: must be after start_date_time" },
        { "calendar ids repeated", "calendars[1].id: 'CAL1' is also the id of calendars[0]" },
        { "invalid seconds", "calendars[0].end_before: is not a valid DateTime" },
        { "unknown access method", "booking_terms.supported_access_methods[0]: 'KEY_UNDER_MAT' is not a valid AccessMethod" },
        { "zero increment", "calendars[0].timeslot_increment: must be a positive number of minutes" },
        { "url/body id mismatch", "id: 'OTHER' differs from the id in the URL" },
        { "url/body party mismatch", "party_id: 'ZZZ' differs from the URL's" },
    };

    [Theory]
    [MemberData(nameof(BadBookingLocations))]
    public async Task an_invalid_booking_location_put_is_2001_naming_the_field_and_stores_nothing(string spoiler, string expected)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = cpo.BookingLocation("BL1", "LOC1", Day);
        Spoilers[spoiler](location);

        var put = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspBookingLocationUrl("BL1"), cpo.TokenForEmsp, rawBody: location.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain(expected);
        (await emsp.EventTypesAsync(Key(cpo, "BL1"))).ShouldBeEmpty();
        (await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("BL1"), cpo.TokenForEmsp)).HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task malformed_json_is_http_400_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspBookingLocationUrl("BL1"), cpo.TokenForEmsp, rawBody: """{"id": "BL1", "calendars": [""");

        put.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.EventTypesAsync(Key(cpo, "BL1"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_calendar_patch_that_would_leave_overlapping_slots_is_2001_and_keeps_the_held_calendar()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = cpo.BookingLocation("BL2", "LOC1", Day);
        (await cpo.PublishBookingLocationAsync(location)).StatusCode.ShouldBe(1000);
        var patch = new JsonObject
        {
            ["available_timeslots"] = new JsonArray(Slot(8, 12), Slot(11, 13)),
            ["last_updated"] = OcpiDateTime.Format(DateTimeOffset.UtcNow.AddMinutes(1)),
        };

        var patched = await cpo.PatchBookingCalendarAsync("BL2", "CAL1", patch);

        patched.StatusCode.ShouldBe(2001);
        patched.StatusMessage!.ShouldContain("calendars[0].available_timeslots[1]: ");
        patched.StatusMessage!.ShouldContain("overlaps available_timeslots[0]");
        var stored = Parse(await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspBookingLocationUrl("BL2"), cpo.TokenForEmsp));
        JsonNode.DeepEquals(stored, location).ShouldBeTrue(stored.ToJsonString());
        (await emsp.EventTypesAsync(Key(cpo, "BL2"))).ShouldBe(["BookingLocationPut"]);
    }

    [Fact]
    public async Task a_calendar_put_with_a_slot_outside_its_window_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        (await cpo.PublishBookingLocationAsync(cpo.BookingLocation("BL3", "LOC1", Day))).StatusCode.ShouldBe(1000);
        var calendar = cpo.BookingLocation("BL3", "LOC1", Day, days: 1, calendarId: "CAL2")["calendars"]![0]!.AsObject();
        calendar["available_timeslots"]!.AsArray().Add(Slot(30, 32));

        var put = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspBookingLocationUrl("BL3", "CAL2"), cpo.TokenForEmsp, rawBody: calendar.ToJsonString());

        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain("available_timeslots[1].end_date_time: ");
        put.StatusMessage!.ShouldContain("is after the calendar's end_before");
        (await emsp.EventTypesAsync(Key(cpo, "BL3"))).ShouldBe(["BookingLocationPut"]);
    }

    [Fact]
    public async Task a_patch_without_last_updated_is_2001_and_a_patch_of_an_unknown_object_is_404_and_neither_stores_anything()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        (await cpo.PublishBookingLocationAsync(cpo.BookingLocation("BL4", "LOC1", Day))).StatusCode.ShouldBe(1000);
        var later = OcpiDateTime.Format(DateTimeOffset.UtcNow.AddMinutes(1));

        var noLastUpdated = await cpo.PatchBookingCalendarAsync("BL4", "CAL1", new JsonObject { ["timeslot_increment"] = 30 });
        var unknownCalendar = await cpo.PatchBookingCalendarAsync("BL4", "NOPE", new JsonObject { ["timeslot_increment"] = 30, ["last_updated"] = later });
        var unknownLocation = await cpo.CallEmspAsync(HttpMethod.Patch, cpo.EmspBookingLocationUrl("NOPE"), cpo.TokenForEmsp,
            rawBody: new JsonObject { ["location_id"] = "X", ["last_updated"] = later }.ToJsonString());
        var calendarOfUnknown = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspBookingLocationUrl("NOPE", "CAL1"), cpo.TokenForEmsp,
            rawBody: cpo.BookingLocation("NOPE", "LOC1", Day)["calendars"]![0]!.ToJsonString());
        var changedId = await cpo.CallEmspAsync(HttpMethod.Patch, cpo.EmspBookingLocationUrl("BL4"), cpo.TokenForEmsp,
            rawBody: new JsonObject { ["id"] = "BL5", ["last_updated"] = later }.ToJsonString());

        noLastUpdated.StatusCode.ShouldBe(2001);
        noLastUpdated.StatusMessage!.ShouldContain("last_updated: required field is missing");
        unknownCalendar.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        unknownLocation.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        calendarOfUnknown.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        changedId.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync(Key(cpo, "BL4"))).ShouldBe(["BookingLocationPut"]);
        (await emsp.EventTypesAsync(Key(cpo, "NOPE"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task another_partys_booking_location_can_be_neither_written_nor_read()
    {
        var (owner, _) = await emsp.RegisteredCpoAsync();
        var (intruder, _) = await emsp.RegisteredCpoAsync();
        var location = owner.BookingLocation("BL6", "LOC1", Day);
        (await owner.PublishBookingLocationAsync(location)).StatusCode.ShouldBe(1000);
        var replacement = location.DeepClone().AsObject();
        replacement["last_updated"] = OcpiDateTime.Format(DateTimeOffset.UtcNow.AddMinutes(1));
        replacement["location_id"] = "HIJACKED";

        var put = await intruder.CallEmspAsync(HttpMethod.Put, owner.EmspBookingLocationUrl("BL6"), intruder.TokenForEmsp, rawBody: replacement.ToJsonString());
        var patch = await intruder.CallEmspAsync(HttpMethod.Patch, owner.EmspBookingLocationUrl("BL6", "CAL1"), intruder.TokenForEmsp,
            rawBody: new JsonObject { ["timeslot_increment"] = 60, ["last_updated"] = replacement["last_updated"]!.DeepClone() }.ToJsonString());
        var get = await intruder.CallEmspAsync(HttpMethod.Get, owner.EmspBookingLocationUrl("BL6"), intruder.TokenForEmsp);

        put.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        patch.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.StatusMessage!.ShouldNotContain("HIJACKED");
        (await emsp.EventTypesAsync(Key(owner, "BL6"))).ShouldBe(["BookingLocationPut"]);
        var stored = Parse(await owner.CallEmspAsync(HttpMethod.Get, owner.EmspBookingLocationUrl("BL6"), owner.TokenForEmsp));
        JsonNode.DeepEquals(stored, location).ShouldBeTrue();
    }
}
