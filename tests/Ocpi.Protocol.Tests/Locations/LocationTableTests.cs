using Ocpi.Protocol.Locations;

namespace Ocpi.Protocol.Tests.Locations;

/// <summary>
/// The field tables of every class of the Locations module, checked inside a whole Location (LocationSample) so that each
/// error is asserted with its full path. Class by path: Location "", EVSE evses[0], Connector evses[0].connectors[0],
/// EVSEParking evses[0].parking[0], StatusSchedule evses[0].status_schedule[0], Parking parking_places[0],
/// AdditionalGeoLocation related_locations[0], PublishTokenType publish_allowed_to[n], Hours opening_times,
/// RegularHours opening_times.regular_hours[0], ExceptionalPeriod opening_times.exceptional_openings/closings[0].
/// </summary>
public sealed class LocationTableTests
{
    private static string Text(int length) => $"\"{new string('x', length)}\"";

    private static void ShouldBeRefusedAt(string path, string? jsonValue, string messagePart)
    {
        var result = LocationSample.Validate(LocationSample.With(path, jsonValue));

        result.IsValid.ShouldBeFalse($"{path} = {jsonValue ?? "(absent)"} was accepted");
        var error = result.Errors.ShouldHaveSingleItem(result.Describe());
        error.Path.ShouldBe(path);
        error.Message.ShouldContain(messagePart, Case.Sensitive);
    }

    private static void ShouldBeAccepted(string path, string? jsonValue)
    {
        var result = LocationSample.Validate(LocationSample.With(path, jsonValue));

        result.IsValid.ShouldBeTrue($"{path} = {jsonValue}: {result.Describe()}");
    }

    [Fact]
    public void the_sample_using_every_class_is_valid()
    {
        var result = LocationSample.Validate(LocationSample.Node());

        result.IsValid.ShouldBeTrue(result.Describe());
    }

    public static TheoryData<string> RequiredFields => new(
        // Location
        "country_code", "party_id", "id", "publish", "address", "city", "country", "coordinates", "time_zone", "last_updated",
        "coordinates.latitude", "coordinates.longitude",
        // EVSE
        "evses[0].uid", "evses[0].status", "evses[0].connectors", "evses[0].last_updated",
        // Connector
        "evses[0].connectors[0].id", "evses[0].connectors[0].standard", "evses[0].connectors[0].format",
        "evses[0].connectors[0].power_type", "evses[0].connectors[0].max_voltage", "evses[0].connectors[0].max_amperage",
        "evses[0].connectors[0].last_updated",
        // EVSEParking, StatusSchedule
        "evses[0].parking[0].parking_id", "evses[0].status_schedule[0].period_begin", "evses[0].status_schedule[0].status",
        // Parking
        "parking_places[0].id", "parking_places[0].vehicle_types", "parking_places[0].restricted_to_type",
        "parking_places[0].reservation_required",
        // AdditionalGeoLocation
        "related_locations[0].latitude", "related_locations[0].longitude",
        // Hours, RegularHours, ExceptionalPeriod
        "opening_times.twentyfourseven", "opening_times.regular_hours[0].weekday", "opening_times.regular_hours[0].period_begin",
        "opening_times.regular_hours[0].period_end", "opening_times.exceptional_openings[0].period_begin",
        "opening_times.exceptional_closings[0].period_end",
        // shared classes used by the module
        "energy_mix.is_green_energy", "operator.name", "images[0].category", "directions[0].text");

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void a_missing_required_field_is_refused_at_its_path(string path) =>
        ShouldBeRefusedAt(path, null, "required field is missing");

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void a_null_required_field_is_refused_like_a_missing_one(string path) =>
        ShouldBeRefusedAt(path, "null", "required field is missing");

    public static TheoryData<string, string, string> TooLong => new()
    {
        // Location
        { "country_code", "\"BEL\"", "max 2" },
        { "party_id", "\"BECX\"", "max 3" },
        { "id", Text(37), "too long (37 characters, max 36)" },
        { "name", Text(256), "max 255" },
        { "address", Text(256), "max 255" },
        { "city", Text(46), "max 45" },
        { "postal_code", Text(11), "max 10" },
        { "state", Text(46), "max 45" },
        { "country", "\"BELG\"", "max 3" },
        { "time_zone", Text(256), "max 255" },
        { "help_phone", Text(26), "max 25" },
        // EVSE
        { "evses[0].uid", Text(37), "max 36" },
        { "evses[0].evse_id", Text(49), "max 48" },
        { "evses[0].floor_level", "\"-1000\"", "max 4" },
        { "evses[0].physical_reference", Text(17), "max 16" },
        { "evses[0].accepted_service_providers[0]", Text(51), "max 50" },
        // Connector
        { "evses[0].connectors[0].id", Text(37), "max 36" },
        { "evses[0].connectors[0].tariff_ids[0]", Text(37), "max 36" },
        { "evses[0].connectors[0].terms_and_conditions", $"\"https://example.com/{new string('t', 236)}\"", "max 255" },
        // EVSEParking
        { "evses[0].parking[0].parking_id", Text(37), "max 36" },
        // Parking
        { "parking_places[0].id", Text(37), "max 36" },
        { "parking_places[0].physical_reference", Text(13), "max 12" },
        { "parking_places[0].standards[0]", Text(37), "max 36" },
        // AdditionalGeoLocation
        { "related_locations[0].longitude", "\"-126.1049651\"", "max 11" },
        { "related_locations[0].latitude", "\"-51.0476991\"", "max 10" },
        // RegularHours
        { "opening_times.regular_hours[0].period_begin", "\"08:00:00\"", "max 5" },
        // PublishTokenType
        { "publish_allowed_to[0].uid", Text(37), "max 36" },
        { "publish_allowed_to[1].visual_number", Text(65), "max 64" },
        { "publish_allowed_to[1].issuer", Text(65), "max 64" },
        { "publish_allowed_to[2].group_id", Text(37), "max 36" },
    };

    [Theory]
    [MemberData(nameof(TooLong))]
    public void a_too_long_string_is_refused_at_its_path(string path, string jsonValue, string messagePart) =>
        ShouldBeRefusedAt(path, jsonValue, messagePart);

    [Fact]
    public void address_and_state_have_the_edition_2_lengths_255_and_45()
    {
        var location = LocationSample.With("address", Text(255));
        LocationSample.Edit(location, "state", Text(45));

        LocationSample.Validate(location).IsValid.ShouldBeTrue();
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        // Location
        { "publish", "\"false\"", "expected boolean, got a string" },
        { "coordinates", "[]", "expected GeoLocation, got an array" },
        { "coordinates.latitude", "51.047599", "expected string(10), got a number" },
        { "evses", "{}", "expected a list of EVSE" },
        { "charging_when_closed", "1", "expected boolean, got a number" },
        { "help_phone", "\"+32 9 123 45 67 \u00e9\"", "printable ASCII" },
        { "last_updated", "\"29-06-2015 20:39\"", "is not a valid DateTime" },
        // EVSE: the two mistakes of location_put_example_add_evse.json, in the right field
        { "evses[0].physical_reference", "3", "expected string(16), got a number" },
        { "evses[0].floor_level", "-1", "expected string(4), got a number" },
        { "evses[0].connectors", "{}", "expected a list of Connector" },
        // Connector
        { "evses[0].connectors[0].max_voltage", "\"230\"", "expected int, got a string" },
        { "evses[0].connectors[0].max_amperage", "16.5", "expected int, got a number" },
        { "evses[0].connectors[0].max_electric_power", "\"11 kW\"", "expected int, got a string" },
        { "evses[0].connectors[0].tariff_ids", "\"11\"", "expected a list of CiString(36)" },
        { "evses[0].connectors[0].terms_and_conditions", "\"terms.html\"", "must be an absolute http(s) URL" },
        // EVSEParking: the edition 1 examples had "parking": ["1", "2"]
        { "evses[0].parking[0]", "\"1\"", "expected EVSEParking, got a string" },
        // StatusSchedule
        { "evses[0].status_schedule[0].period_end", "\"next week\"", "is not a valid DateTime" },
        // Parking
        { "parking_places[0].max_vehicle_weight", "\"3500\"", "expected number, got a string" },
        { "parking_places[0].roofed", "\"yes\"", "expected boolean, got a string" },
        { "parking_places[0].vehicle_types", "\"VAN\"", "expected a list of VehicleType" },
        // AdditionalGeoLocation
        { "related_locations[0].name", "\"Entrance\"", "expected DisplayText, got a string" },
        { "related_locations[0].latitude", "\"51.04\"", "is not a latitude with 5 to 7 decimals" },
        // Hours, RegularHours, ExceptionalPeriod
        { "opening_times.twentyfourseven", "\"false\"", "expected boolean, got a string" },
        { "opening_times.regular_hours[0].weekday", "\"1\"", "expected int(1), got a string" },
        { "opening_times.regular_hours[0].period_begin", "\"8:00\"", "is not a local time HH:MM" },
        { "opening_times.regular_hours[0].period_end", "\"24:00\"", "is not a local time HH:MM" },
        { "opening_times.exceptional_openings[0].period_begin", "1403341200", "expected DateTime, got a number" },
        // PublishTokenType
        { "publish_allowed_to[0].uid", "12345678905880", "expected CiString(36), got a number" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void a_value_of_the_wrong_type_is_refused_at_its_path(string path, string jsonValue, string messagePart) =>
        ShouldBeRefusedAt(path, jsonValue, messagePart);

    public static TheoryData<string, string, string> UnknownClosedEnumValues => new()
    {
        { "evses[0].status", "\"FREE\"",
            "'FREE' is not a valid Status (allowed: AVAILABLE, BLOCKED, CHARGING, INOPERATIVE, OUTOFORDER, PLANNED, REMOVED, RESERVED, UNKNOWN)" },
        // Enum values are case sensitive.
        { "evses[0].status", "\"available\"", "'available' is not a valid Status" },
        { "evses[0].status_schedule[0].status", "\"GONE\"", "'GONE' is not a valid Status (allowed: AVAILABLE," },
        { "evses[0].connectors[0].format", "\"PLUG\"", "'PLUG' is not a valid ConnectorFormat (allowed: SOCKET, CABLE)" },
        { "evses[0].connectors[0].power_type", "\"AC\"",
            "'AC' is not a valid PowerType (allowed: AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC)" },
        { "evses[0].parking[0].evse_position", "\"BEHIND\"", "'BEHIND' is not a valid EVSEPosition (allowed: LEFT, RIGHT, CENTER)" },
        { "parking_places[0].direction", "\"DIAGONAL\"",
            "'DIAGONAL' is not a valid ParkingDirection (allowed: PARALLEL, PERPENDICULAR, ANGLE)" },
        { "energy_mix.energy_sources[0].source", "\"BIOMASS\"",
            "'BIOMASS' is not a valid EnergySourceCategory (allowed: NUCLEAR, GENERAL_FOSSIL, COAL, GAS, GENERAL_GREEN, SOLAR, WIND, WATER)" },
    };

    [Theory]
    [MemberData(nameof(UnknownClosedEnumValues))]
    public void an_unknown_closed_enum_value_is_refused_listing_the_allowed_values(string path, string jsonValue, string message) =>
        ShouldBeRefusedAt(path, jsonValue, message);

    public static TheoryData<string, string> UnknownOpenEnumValues => new()
    {
        { "parking_type", "\"ROOFTOP\"" },
        { "facilities[0]", "\"SPACEPORT\"" },
        { "images[0].category", "\"DRONE_VIEW\"" },
        { "evses[0].capabilities[0]", "\"V2G_CAPABLE\"" },
        { "evses[0].parking_restrictions[0]", "\"VISITORS\"" },
        { "evses[0].images[0].category", "\"charger\"" },
        { "evses[0].connectors[0].standard", "\"IEC_62196_T4\"" },
        { "evses[0].connectors[0].capabilities[0]", "\"ISO_15118_21_PLUG_AND_CHARGE\"" },
        { "parking_places[0].vehicle_types[0]", "\"TRACTOR\"" },
        { "publish_allowed_to[0].type", "\"KEY_FOB\"" },
        { "energy_mix.environ_impact[0].category", "\"RADIOACTIVE_DUST\"" },
    };

    [Theory]
    [MemberData(nameof(UnknownOpenEnumValues))]
    public void an_unknown_open_enum_value_is_accepted(string path, string jsonValue) => ShouldBeAccepted(path, jsonValue);

    [Fact]
    public void an_open_enum_value_must_still_be_a_string() =>
        ShouldBeRefusedAt("evses[0].connectors[0].standard", "2", "expected ConnectorType, got a number");

    public static TheoryData<string> EveryObject => new(
        "", "coordinates", "related_locations[0]", "publish_allowed_to[0]", "evses[0]", "evses[0].connectors[0]",
        "evses[0].parking[0]", "evses[0].status_schedule[0]", "parking_places[0]", "opening_times",
        "opening_times.regular_hours[0]", "opening_times.exceptional_openings[0]", "operator", "operator.logo", "energy_mix");

    [Theory]
    [MemberData(nameof(EveryObject))]
    public void an_unknown_extra_field_is_accepted(string objectPath) =>
        ShouldBeAccepted(objectPath.Length == 0 ? "x_vendor_note" : $"{objectPath}.x_vendor_note", """{ "nested": [1, "two"] }""");

    public static TheoryData<string> EmptyNonEmptyLists => new("evses[0].connectors", "parking_places[0].vehicle_types");

    [Theory]
    [MemberData(nameof(EmptyNonEmptyLists))]
    public void an_empty_list_of_cardinality_plus_is_refused(string path) =>
        ShouldBeRefusedAt(path, "[]", "must contain at least one element");

    public static TheoryData<string, string> EmptyStarLists => new()
    {
        { "evses", "[]" }, { "evses", "null" }, { "publish_allowed_to", "null" }, { "evses[0].status_schedule", "[]" },
        { "evses[0].connectors[0].tariff_ids", "null" }, { "parking_places[0].standards", "[]" },
        { "opening_times.exceptional_closings", "null" }, { "evses[0].accepted_service_providers", "[]" },
    };

    [Theory]
    [MemberData(nameof(EmptyStarLists))]
    public void a_star_list_may_be_empty_or_null(string path, string jsonValue) => ShouldBeAccepted(path, jsonValue);

    [Fact]
    public void a_null_element_in_a_list_is_refused_at_its_index() =>
        ShouldBeRefusedAt("evses[0].connectors[0].tariff_ids[0]", "null", "null is not a valid list element");

    [Fact]
    public void errors_in_several_classes_are_all_reported_with_their_paths()
    {
        var location = LocationSample.With("evses[0].connectors[0].standard", "7");
        LocationSample.Edit(location, "parking_places[0].reservation_required", null);
        LocationSample.Edit(location, "opening_times.regular_hours[0].period_end", "\"8 pm\"");

        LocationSample.Validate(location).Errors.Select(e => e.Path).ShouldBe([
            "evses[0].connectors[0].standard",
            "parking_places[0].reservation_required",
            "opening_times.regular_hours[0].period_end",
        ]);
    }

    [Fact]
    public void an_evse_body_is_validated_on_its_own_with_paths_from_the_evse()
    {
        var evse = LocationSample.At(LocationSample.Node(), "evses[0]");
        LocationSample.Edit(evse, "connectors[0].format", "\"PLUG\"");

        LocationSchemas.Evse.Validate(LocationSample.Element(evse)).Errors.ShouldHaveSingleItem().Path.ShouldBe("connectors[0].format");
    }

    [Fact]
    public void a_connector_body_is_validated_on_its_own()
    {
        var connector = LocationSample.At(LocationSample.Node(), "evses[0].connectors[0]");
        LocationSample.Edit(connector, "max_voltage", null);

        LocationSchemas.Connector.Validate(LocationSample.Element(connector)).Describe().ShouldBe("max_voltage: required field is missing");
    }
}
