using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Bookings;

/// <summary>
/// booking_*.json of mod_bookings.asciidoc (branch 2.3.0/release/bookings). Most carry defects (wrong lengths, invalid
/// seconds, keys with trailing spaces, 1.0 field names): each test names exactly the fields refused, then shows that the
/// corrected copy validates.
/// </summary>
public sealed class BookingExamplesTests
{
    private static readonly string[] Files =
    [
        "booking_example.json", "booking_location_example.json", "booking_location_patch_example_calendar.json",
        "booking_location_patch_example_terms.json", "booking_patch_example_evse_uid.json", "booking_patch_example_status_update.json",
        "booking_request_patch_example_timeslot.json", "booking_request_patch_example_tokens.json",
    ];

    [Fact]
    public void every_booking_example_of_the_spec_is_covered() =>
        SpecExample.Matching("booking*.json").ShouldBe(Files, ignoreOrder: true);

    // ----- Booking -----

    [Fact]
    public void the_booking_example_is_refused_for_its_five_character_party_ids_and_its_requests_without_booking_location_id()
    {
        Paths(BookingSchemas.Booking.Check(SpecExample.Node("booking_example.json"))).ShouldBe(
        [
            "party_id: too long (5 characters, max 3)",
            "booking_tokens[0].party_id: too long (5 characters, max 3)",
            "booking_requests[0].booking_request.party_id: too long (5 characters, max 3)",
            "booking_requests[0].booking_request.booking_location_id: required field is missing",
            "booking_requests[1].booking_request.party_id: too long (5 characters, max 3)",
            "booking_requests[1].booking_request.booking_location_id: required field is missing",
        ], ignoreOrder: true);
    }

    [Fact]
    public void the_booking_example_corrected_is_a_valid_booking()
    {
        var corrected = SpecExample.Node("booking_example.json")
            .With("party_id", "INF").With("booking_tokens[0].party_id", "INF")
            .With("booking_requests[0].booking_request.party_id", "INF").With("booking_requests[0].booking_request.booking_location_id", "BL1")
            .With("booking_requests[1].booking_request.party_id", "INF").With("booking_requests[1].booking_request.booking_location_id", "BL1");

        BookingSchemas.Booking.ShouldValidate(corrected);
    }

    [Fact]
    public void the_status_update_patch_is_a_valid_booking_patch() =>
        BookingSchemas.Booking.ValidatePartial(Element("booking_patch_example_status_update.json"), "last_updated").IsValid.ShouldBeTrue();

    [Fact]
    public void the_evse_uid_patch_uses_the_1_0_top_level_field_which_a_booking_patch_ignores_and_booking_option_carries_since_1_1()
    {
        BookingSchemas.Booking.Field("evse_uid").ShouldBeNull();
        BookingSchemas.Booking.ValidatePartial(Element("booking_patch_example_evse_uid.json"), "last_updated").IsValid.ShouldBeTrue();

        var corrected = SpecExample.Node("booking_patch_example_evse_uid.json").Without("evse_uid").WithJson("booking_option", """{"evse_uid": "EVS1234"}""");
        BookingSchemas.Booking.ValidatePartial(JsonSerializer.SerializeToElement(corrected), "last_updated").IsValid.ShouldBeTrue();
    }

    // ----- BookingLocation and Calendar -----

    [Fact]
    public void the_booking_location_example_is_refused_for_its_string_evse_position_its_seconds_99_and_its_repeated_calendar_id()
    {
        Paths(BookingSchemas.BookingLocation.Check(SpecExample.Node("booking_location_example.json"))).ShouldBe(
        [
            "booking_option.evse_position: expected a list of EVSEPosition",
            "calendars[0].end_before: is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)",
            "calendars[0].available_timeslots[0].end_date_time: is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)",
            "calendars[1].end_before: is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)",
            "calendars[1].available_timeslots[0].end_date_time: is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)",
            "calendars[1].id: 'CA112' is also the id of calendars[0]",
        ], ignoreOrder: true);
    }

    [Fact]
    public void the_booking_location_example_corrected_is_a_valid_booking_location_with_two_calendars()
    {
        var corrected = CorrectedBookingLocation();

        BookingSchemas.BookingLocation.ShouldValidate(corrected);
        BookingCalendar.AllOf(corrected).Select(c => c.AvailableTimeslots.Count).ShouldBe([2, 2]);
    }

    [Fact]
    public void the_booking_location_example_says_formats_where_the_table_says_connector_format_and_the_unknown_field_is_kept_not_refused()
    {
        var example = SpecExample.Node("booking_location_example.json");
        example.At("booking_option")["formats"].ShouldNotBeNull();
        BookingSchemas.BookingOption.Field("formats").ShouldBeNull();
        BookingSchemas.BookingOption.Field("connector_format").ShouldNotBeNull();
    }

    [Fact]
    public void the_terms_patch_is_refused_because_a_patch_replaces_booking_terms_whole_and_these_lack_the_required_fields()
    {
        var result = BookingSchemas.BookingLocation.ValidatePartial(Element("booking_location_patch_example_terms.json"), "last_updated");

        Paths(result).ShouldBe(
        [
            "booking_terms.supported_access_methods: required field is missing",
            "booking_terms.change_until_minutes: required field is missing",
            "booking_terms.cancel_until_minutes: required field is missing",
        ], ignoreOrder: true);
    }

    [Fact]
    public void the_terms_patch_completed_with_the_required_terms_is_a_valid_patch()
    {
        var corrected = SpecExample.Node("booking_location_patch_example_terms.json")
            .WithJson("booking_terms.supported_access_methods", """["TOKEN"]""")
            .With("booking_terms.change_until_minutes", 200).With("booking_terms.cancel_until_minutes", 600);

        BookingSchemas.BookingLocation.ValidatePartial(JsonSerializer.SerializeToElement(corrected), "last_updated").IsValid.ShouldBeTrue();
    }

    [Fact]
    public void the_calendar_patch_is_refused_because_its_keys_end_with_a_space()
    {
        var result = BookingSchemas.Calendar.ValidatePartial(Element("booking_location_patch_example_calendar.json"), "last_updated");

        Paths(result).ShouldBe(
        [
            "available_timeslots[0].start_date_time: required field is missing",
            "available_timeslots[0].end_date_time: required field is missing",
        ], ignoreOrder: true);
    }

    [Fact]
    public void the_calendar_patch_with_its_keys_trimmed_is_still_refused_for_seconds_99_and_valid_once_corrected()
    {
        var trimmed = SpecExample.Node("booking_location_patch_example_calendar.json")
            .Without("available_timeslots[0]")
            .WithJson("available_timeslots[0]", """{"start_date_time": "2025-03-23T00:00:00Z", "end_date_time": "2025-03-23T08:59:99Z", "min_power": 12, "max_power": 12}""");
        Paths(BookingSchemas.Calendar.ValidatePartial(JsonSerializer.SerializeToElement(trimmed), "last_updated"))
            .ShouldBe(["available_timeslots[0].end_date_time: is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)"]);

        var corrected = trimmed.With("available_timeslots[0].end_date_time", "2025-03-23T08:59:59Z");
        BookingSchemas.Calendar.ValidatePartial(JsonSerializer.SerializeToElement(corrected), "last_updated").IsValid.ShouldBeTrue();
    }

    // ----- BookingRequest changes (files the text does not reference) -----

    [Fact]
    public void the_timeslot_change_names_fields_the_booking_request_does_not_have_and_its_inner_period_is_refused()
    {
        var example = SpecExample.Node("booking_request_patch_example_timeslot.json");
        BookingSchemas.BookingRequest.Field("timeslot").ShouldBeNull();
        BookingSchemas.BookingRequest.Field("last_updated").ShouldBeNull();

        Paths(BookingSchemas.Period.Check(example.At("timeslot"))).ShouldBe(
        [
            "start_date_time: required field is missing",
            "end_date_time: required field is missing",
        ], ignoreOrder: true);
        Paths(BookingSchemas.Timeslot.Check(example.At("timeslot"))).ShouldContain("start_date_time: required field is missing");
    }

    [Fact]
    public void the_timeslot_change_corrected_to_a_period_is_a_valid_partial_booking_request()
    {
        var corrected = JsonNode.Parse("""
            {"period": {"start_date_time": "2025-03-23T00:00:00Z", "end_date_time": "2025-03-23T08:59:59Z"}}
            """)!;
        BookingSchemas.BookingRequest.ValidatePartial(JsonSerializer.SerializeToElement(corrected)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void the_tokens_change_is_a_valid_partial_booking_request()
    {
        var tokens = SpecExample.Node("booking_request_patch_example_tokens.json");
        BookingSchemas.BookingRequest.ValidatePartial(JsonSerializer.SerializeToElement(tokens)).IsValid.ShouldBeTrue();
        BookingSchemas.BookingToken.ShouldValidate(tokens.At("tokens[0]"));
    }

    internal static JsonNode CorrectedBookingLocation() => SpecExample.Node("booking_location_example.json")
        .WithJson("booking_option.evse_position", """["LEFT"]""")
        .With("calendars[0].end_before", "2025-03-23T23:59:59Z").With("calendars[0].available_timeslots[0].end_date_time", "2025-03-23T08:59:59Z")
        .With("calendars[1].id", "CA113")
        .With("calendars[1].end_before", "2025-03-23T23:59:59Z").With("calendars[1].available_timeslots[0].end_date_time", "2025-03-23T08:59:59Z");

    private static JsonElement Element(string file) => JsonSerializer.SerializeToElement(SpecExample.Node(file));

    private static string[] Paths(ValidationResult result) => [.. result.Errors.Select(e => e.ToString())];
}
