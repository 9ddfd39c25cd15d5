using Ocpi.Protocol.Locations;

namespace Ocpi.Protocol.Tests.Locations;

/// <summary>The cross-field rules mod_locations.asciidoc states as requirements (see LocationRules for the quoted text).</summary>
public sealed class LocationRuleTests
{
    private const string Stamp = "\"last_updated\": \"2019-06-24T12:39:09Z\"";

    private static string Describe(string path, string? jsonValue) =>
        LocationSample.Validate(LocationSample.With(path, jsonValue)).Describe(10);

    // Hours

    [Theory]
    [InlineData("""{ "twentyfourseven": false }""")]
    [InlineData("""{ "twentyfourseven": false, "regular_hours": [] }""")]
    [InlineData("""{ "twentyfourseven": false, "regular_hours": null, "exceptional_openings": [{ "period_begin": "2018-12-25T05:00:00Z", "period_end": "2018-12-25T06:00:00Z" }] }""")]
    public void regular_hours_need_at_least_one_entry_when_not_open_24_7(string hours) =>
        Describe("opening_times", hours)
            .ShouldBe("opening_times.regular_hours: must contain at least one RegularHours when twentyfourseven is false");

    [Fact]
    public void regular_hours_are_refused_when_open_24_7() =>
        Describe("opening_times", """{ "twentyfourseven": true, "regular_hours": [{ "weekday": 1, "period_begin": "08:00", "period_end": "20:00" }] }""")
            .ShouldBe("opening_times.regular_hours: must be empty when twentyfourseven is true");

    [Theory]
    [InlineData("""{ "twentyfourseven": true }""")]
    [InlineData("""{ "twentyfourseven": true, "regular_hours": [] }""")]
    [InlineData("""{ "twentyfourseven": true, "exceptional_closings": [{ "period_begin": "2018-12-25T03:00:00Z", "period_end": "2018-12-25T05:00:00Z" }] }""")]
    public void open_24_7_without_regular_hours_is_valid(string hours) => Describe("opening_times", hours).ShouldBeEmpty();

    [Fact]
    public void the_hours_rule_is_silent_when_twentyfourseven_itself_is_missing() =>
        Describe("opening_times", "{}").ShouldBe("opening_times.twentyfourseven: required field is missing");

    [Fact]
    public void the_hours_rule_applies_to_a_bare_hours_object_with_a_root_path() =>
        LocationSchemas.Hours.Validate(TestJson.Parse("""{ "twentyfourseven": false }""")).Describe()
            .ShouldBe("regular_hours: must contain at least one RegularHours when twentyfourseven is false");

    // RegularHours

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void weekdays_1_to_7_are_valid(int weekday) =>
        Describe("opening_times.regular_hours[0].weekday", weekday.ToString()).ShouldBeEmpty();

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(-1)]
    public void a_single_digit_outside_1_to_7_is_not_a_weekday(int weekday) =>
        Describe("opening_times.regular_hours[0].weekday", weekday.ToString())
            .ShouldBe($"opening_times.regular_hours[0].weekday: {weekday} is not a weekday (1 = Monday .. 7 = Sunday)");

    [Fact]
    public void a_two_digit_weekday_is_reported_once_by_its_type() =>
        Describe("opening_times.regular_hours[0].weekday", "10").ShouldBe("opening_times.regular_hours[0].weekday: has more than 1 digits");

    [Theory]
    [InlineData("08:00", "08:00")]
    [InlineData("20:00", "08:00")]
    [InlineData("22:00", "06:00")] // an overnight period must be split over two weekdays
    public void period_end_must_be_later_than_period_begin(string begin, string end)
    {
        var location = LocationSample.With("opening_times.regular_hours[0].period_begin", $"\"{begin}\"");
        LocationSample.Edit(location, "opening_times.regular_hours[0].period_end", $"\"{end}\"");

        LocationSample.Validate(location).Describe()
            .ShouldBe($"opening_times.regular_hours[0].period_end: '{end}' must be later than period_begin '{begin}'");
    }

    [Theory]
    [InlineData("00:00", "23:59")]
    [InlineData("09:59", "10:00")]
    [InlineData("19:00", "20:30")]
    public void a_period_within_the_day_is_valid(string begin, string end)
    {
        var location = LocationSample.With("opening_times.regular_hours[0].period_begin", $"\"{begin}\"");
        LocationSample.Edit(location, "opening_times.regular_hours[0].period_end", $"\"{end}\"");

        LocationSample.Validate(location).Describe().ShouldBeEmpty();
    }

    [Fact]
    public void the_period_order_is_not_checked_when_a_time_is_malformed() =>
        Describe("opening_times.regular_hours[0].period_end", "\"7:00\"")
            .ShouldBe("opening_times.regular_hours[0].period_end: '7:00' is not a local time HH:MM (00:00 to 23:59)");

    // PublishTokenType

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "type": "RFID", "issuer": "NewMotion" }""")]
    [InlineData("""{ "uid": null, "visual_number": null, "group_id": null }""")]
    public void a_publish_token_must_set_uid_visual_number_or_group_id(string token) =>
        Describe("publish_allowed_to[0]", token).ShouldBe("publish_allowed_to[0]: at least one of uid, visual_number or group_id must be set");

    [Theory]
    [InlineData("""{ "uid": "12345678905880" }""")]
    [InlineData("""{ "uid": "12345678905880", "type": null }""")]
    public void a_publish_token_with_a_uid_needs_its_type(string token) =>
        Describe("publish_allowed_to[0]", token).ShouldBe("publish_allowed_to[0].type: required when uid is set");

    [Fact]
    public void a_publish_token_with_a_visual_number_needs_its_issuer() =>
        Describe("publish_allowed_to[1]", """{ "visual_number": "12345-67" }""")
            .ShouldBe("publish_allowed_to[1].issuer: required when visual_number is set");

    [Fact]
    public void every_publish_token_rule_is_reported() =>
        Describe("publish_allowed_to[0]", """{ "uid": "1", "visual_number": "2" }""")
            .ShouldBe("publish_allowed_to[0].type: required when uid is set; publish_allowed_to[0].issuer: required when visual_number is set");

    [Theory]
    [InlineData("""{ "group_id": "DEPOT-1" }""")]
    [InlineData("""{ "uid": "1", "type": "APP_USER", "group_id": "G" }""")]
    [InlineData("""{ "uid": "1", "type": "RFID", "visual_number": "2", "issuer": "X" }""")]
    public void a_publish_token_that_identifies_a_token_or_group_is_valid(string token) =>
        Describe("publish_allowed_to[0]", token).ShouldBeEmpty();

    [Fact]
    public void a_bare_publish_token_reports_the_object_rule_on_the_body() =>
        LocationSchemas.PublishTokenType.Validate(TestJson.Parse("{}")).Describe()
            .ShouldBe("(body): at least one of uid, visual_number or group_id must be set");

    // Location

    [Fact]
    public void publish_allowed_to_may_only_be_used_when_publish_is_false() =>
        Describe("publish", "true").ShouldBe("publish_allowed_to: may only be used when publish is false");

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    public void a_published_location_may_have_an_empty_publish_allowed_to(string allowedTo)
    {
        var location = LocationSample.With("publish", "true");
        LocationSample.Edit(location, "publish_allowed_to", allowedTo);

        LocationSample.Validate(location).Describe().ShouldBeEmpty();
    }

    [Fact]
    public void parking_ids_must_be_unique_within_the_location_ignoring_case()
    {
        var location = LocationSample.Node();
        var copy = LocationSample.At(location, "parking_places[0]").DeepClone();
        copy["id"] = "b1";
        location["parking_places"]!.AsArray().Add(copy);
        location["parking_places"]![0]!["id"] = "B1";
        location["evses"]![0]!["parking"]![0]!["parking_id"] = "B1";

        LocationSample.Validate(location).Describe()
            .ShouldBe("parking_places[1].id: duplicate id 'b1' (Parking ids must be unique within the Location)");
    }

    [Fact]
    public void evse_uids_must_be_unique_within_the_location_ignoring_case()
    {
        var location = LocationSample.Node();
        var copy = LocationSample.At(location, "evses[0]").DeepClone();
        location["evses"]![0]!["uid"] = "EVSE-A";
        copy["uid"] = "evse-a";
        location["evses"]!.AsArray().Add(copy);

        LocationSample.Validate(location).Describe().ShouldBe("evses[1].uid: duplicate uid 'evse-a' (EVSE uids must be unique)");
    }

    [Fact]
    public void connector_ids_must_be_unique_within_the_evse()
    {
        var location = LocationSample.Node();
        var connectors = LocationSample.At(location, "evses[0].connectors").AsArray();
        connectors.Add(connectors[0]!.DeepClone());

        LocationSample.Validate(location).Describe()
            .ShouldBe("evses[0].connectors[1].id: duplicate id '1' (Connector ids must be unique within the EVSE)");
    }

    [Fact]
    public void connectors_of_different_evses_may_share_an_id()
    {
        var location = LocationSample.Node();
        var copy = LocationSample.At(location, "evses[0]").DeepClone();
        copy["uid"] = "3257";
        location["evses"]!.AsArray().Add(copy);

        LocationSample.Validate(location).Describe().ShouldBeEmpty();
    }

    // PATCH bodies: only the rules of objects that are present as a whole run.

    [Fact]
    public void a_patch_replacing_opening_times_checks_the_hours_rule()
    {
        var patch = TestJson.Parse($$"""{ "opening_times": { "twentyfourseven": false }, {{Stamp}} }""");

        LocationSchemas.Location.ValidatePartial(patch, "last_updated").Describe()
            .ShouldBe("opening_times.regular_hours: must contain at least one RegularHours when twentyfourseven is false");
    }

    [Fact]
    public void duplicate_connector_ids_in_an_evse_patch_are_caught_on_the_merged_evse_only()
    {
        var evse = LocationSample.At(LocationSample.Node(), "evses[0]");
        var connector = evse["connectors"]![0]!.ToJsonString();
        var patch = TestJson.Parse($$"""{ "connectors": [{{connector}}, {{connector}}], {{Stamp}} }""");

        // The uniqueness rule belongs to the EVSE, and object rules run on whole objects only: the PATCH body passes...
        LocationSchemas.Evse.ValidatePartial(patch, "last_updated").IsValid.ShouldBeTrue();
        // ...so the receiver validates the merged EVSE (the list in a PATCH replaces the stored one).
        evse["connectors"] = System.Text.Json.Nodes.JsonNode.Parse(patch.GetProperty("connectors").GetRawText());
        LocationSchemas.Evse.Validate(LocationSample.Element(evse)).Errors.ShouldHaveSingleItem().Path.ShouldBe("connectors[1].id");
    }

    [Fact]
    public void a_patch_setting_publish_alone_does_not_need_the_stored_publish_allowed_to()
    {
        var patch = TestJson.Parse($$"""{ "publish": true, {{Stamp}} }""");

        LocationSchemas.Location.ValidatePartial(patch, "last_updated").IsValid.ShouldBeTrue();
    }
}
