using System.Text.RegularExpressions;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Locations;

/// <summary>
/// Field census of the Locations module: every schema compared with its table in mod_locations.asciidoc (2.3.0 ed2,
/// branch 2.3.0/release/core), so that an accidental change is caught. Each line reads "name cardinality type",
/// cardinality in the spec's notation (1, ?, *, +); for lists the type is the element type.
/// </summary>
public sealed class LocationFieldCensusTests
{
    private static string Card(Cardinality cardinality) => cardinality switch
    {
        Cardinality.One => "1",
        Cardinality.Optional => "?",
        Cardinality.Many => "*",
        Cardinality.AtLeastOne => "+",
        _ => throw new ArgumentOutOfRangeException(nameof(cardinality)),
    };

    private static string[] Census(ObjectSchema schema) =>
        schema.Fields.Select(f => $"{f.Name} {Card(f.Cardinality)} {f.Type.Name}").ToArray();

    private static FieldType Type(ObjectSchema schema, string name) => schema.Fields.Single(f => f.Name == name).Type;

    [Fact]
    public void location_matches_its_field_table()
    {
        LocationSchemas.Location.Name.ShouldBe("Location");
        Census(LocationSchemas.Location).ShouldBe([
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "id 1 CiString(36)",
            "publish 1 boolean",
            "publish_allowed_to * PublishTokenType",
            "name ? string(255)",
            "address 1 string(255)",
            "city 1 string(45)",
            "postal_code ? string(10)",
            "state ? string(45)",
            "country 1 string(3)",
            "coordinates 1 GeoLocation",
            "related_locations * AdditionalGeoLocation",
            "parking_type ? ParkingType",
            "evses * EVSE",
            "parking_places * Parking",
            "directions * DisplayText",
            "operator ? BusinessDetails",
            "suboperator ? BusinessDetails",
            "owner ? BusinessDetails",
            "facilities * Facility",
            "time_zone 1 string(255)",
            "opening_times ? Hours",
            "charging_when_closed ? boolean",
            "images * Image",
            "energy_mix ? EnergyMix",
            "help_phone ? CiString(25)",
            "last_updated 1 DateTime",
        ]);
    }

    [Fact]
    public void evse_matches_its_field_table()
    {
        LocationSchemas.Evse.Name.ShouldBe("EVSE");
        Census(LocationSchemas.Evse).ShouldBe([
            "uid 1 CiString(36)",
            "evse_id ? CiString(48)",
            "status 1 Status",
            "status_schedule * StatusSchedule",
            "capabilities * Capability",
            "connectors + Connector",
            "floor_level ? string(4)",
            "coordinates ? GeoLocation",
            "physical_reference ? string(16)",
            "directions * DisplayText",
            "parking_restrictions * ParkingRestriction",
            "parking * EVSEParking",
            "images * Image",
            "accepted_service_providers * string(50)",
            "last_updated 1 DateTime",
        ]);
    }

    [Fact]
    public void connector_matches_its_field_table()
    {
        LocationSchemas.Connector.Name.ShouldBe("Connector");
        Census(LocationSchemas.Connector).ShouldBe([
            "id 1 CiString(36)",
            "standard 1 ConnectorType",
            "format 1 ConnectorFormat",
            "power_type 1 PowerType",
            "max_voltage 1 int",
            "max_amperage 1 int",
            "max_electric_power ? int",
            "tariff_ids * CiString(36)",
            "terms_and_conditions ? URL",
            "capabilities * ConnectorCapability",
            "last_updated 1 DateTime",
        ]);
    }

    [Fact]
    public void parking_matches_its_field_table()
    {
        LocationSchemas.Parking.Name.ShouldBe("Parking");
        Census(LocationSchemas.Parking).ShouldBe([
            "id 1 CiString(36)",
            "physical_reference ? string(12)",
            "vehicle_types + VehicleType",
            "max_vehicle_weight ? number",
            "max_vehicle_height ? number",
            "max_vehicle_length ? number",
            "max_vehicle_width ? number",
            "parking_space_length ? number",
            "parking_space_width ? number",
            "dangerous_goods_allowed ? boolean",
            "direction ? ParkingDirection",
            "drive_through ? boolean",
            "restricted_to_type 1 boolean",
            "reservation_required 1 boolean",
            "time_limit ? number",
            "roofed ? boolean",
            "images * Image",
            "lighting ? boolean",
            "refrigeration_outlet ? boolean",
            "standards * CiString(36)",
            "apds_reference ? CiString",
        ]);
        // apds_reference: CiString without a length in the spec.
        Type(LocationSchemas.Parking, "apds_reference").ShouldBeOfType<UnboundedCiStringType>();
    }

    [Fact]
    public void the_data_types_match_their_field_tables()
    {
        Census(LocationSchemas.EvseParking).ShouldBe(["parking_id 1 CiString(36)", "evse_position ? EVSEPosition"]);
        Census(LocationSchemas.AdditionalGeoLocation).ShouldBe(["latitude 1 string(10)", "longitude 1 string(11)", "name ? DisplayText"]);
        Census(LocationSchemas.ExceptionalPeriod).ShouldBe(["period_begin 1 DateTime", "period_end 1 DateTime"]);
        Census(LocationSchemas.Hours).ShouldBe([
            "twentyfourseven 1 boolean",
            "regular_hours * RegularHours",
            "exceptional_openings * ExceptionalPeriod",
            "exceptional_closings * ExceptionalPeriod",
        ]);
        Census(LocationSchemas.RegularHours).ShouldBe(["weekday 1 int(1)", "period_begin 1 string(5)", "period_end 1 string(5)"]);
        Census(LocationSchemas.PublishTokenType).ShouldBe([
            "uid ? CiString(36)",
            "type ? TokenType",
            "visual_number ? string(64)",
            "issuer ? string(64)",
            "group_id ? CiString(36)",
        ]);
        Census(LocationSchemas.StatusSchedule).ShouldBe(["period_begin 1 DateTime", "period_end ? DateTime", "status 1 Status"]);
    }

    [Fact]
    public void shared_classes_and_enums_are_reused_not_redefined()
    {
        Type(LocationSchemas.Location, "coordinates").ShouldBeSameAs(CommonSchemas.GeoLocation);
        Type(LocationSchemas.Evse, "coordinates").ShouldBeSameAs(CommonSchemas.GeoLocation);
        Type(LocationSchemas.Location, "directions").ShouldBeSameAs(CommonSchemas.DisplayText);
        Type(LocationSchemas.Location, "energy_mix").ShouldBeSameAs(CommonSchemas.EnergyMix);
        Type(LocationSchemas.Location, "operator").ShouldBeSameAs(CredentialsSchemas.BusinessDetails);
        Type(LocationSchemas.Location, "images").ShouldBeSameAs(CredentialsSchemas.Image);
        Type(LocationSchemas.Parking, "images").ShouldBeSameAs(CredentialsSchemas.Image);
        Type(LocationSchemas.AdditionalGeoLocation, "latitude").ShouldBeSameAs(Type(CommonSchemas.GeoLocation, "latitude"));
        Type(LocationSchemas.AdditionalGeoLocation, "longitude").ShouldBeSameAs(Type(CommonSchemas.GeoLocation, "longitude"));
        LocationEnums.ImageCategory.ShouldBeSameAs(Type(CredentialsSchemas.Image, "category"));
        LocationEnums.EnvironmentalImpactCategory.ShouldBeSameAs(Type(CommonSchemas.EnvironmentalImpact, "category"));
        LocationEnums.EnergySourceCategory.ShouldBeSameAs(CommonSchemas.EnergySourceCategory);

        Type(LocationSchemas.Location, "evses").ShouldBeSameAs(LocationSchemas.Evse);
        Type(LocationSchemas.Evse, "connectors").ShouldBeSameAs(LocationSchemas.Connector);
        Type(LocationSchemas.Location, "parking_places").ShouldBeSameAs(LocationSchemas.Parking);
        Type(LocationSchemas.Evse, "status").ShouldBeSameAs(LocationEnums.Status);
        Type(LocationSchemas.StatusSchedule, "status").ShouldBeSameAs(LocationEnums.Status);
    }

    [Fact]
    public void closed_enums_list_exactly_the_values_of_the_spec()
    {
        LocationEnums.ConnectorFormat.Values.ShouldBe(["SOCKET", "CABLE"], ignoreOrder: true);
        LocationEnums.EvsePosition.Name.ShouldBe("EVSEPosition");
        LocationEnums.EvsePosition.Values.ShouldBe(["LEFT", "RIGHT", "CENTER"], ignoreOrder: true);
        LocationEnums.ParkingDirection.Values.ShouldBe(["PARALLEL", "PERPENDICULAR", "ANGLE"], ignoreOrder: true);
        LocationEnums.PowerType.Values.ShouldBe(["AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC"], ignoreOrder: true);
        LocationEnums.Status.Values.ShouldBe(
            ["AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER", "PLANNED", "REMOVED", "RESERVED", "UNKNOWN"], ignoreOrder: true);
    }

    [Fact]
    public void open_enums_accept_any_string_and_list_their_known_values()
    {
        OpenEnumType[] openEnums =
        [
            LocationEnums.Capability, LocationEnums.ConnectorCapability, LocationEnums.ConnectorType, LocationEnums.Facility,
            LocationEnums.ImageCategory, LocationEnums.ParkingRestriction, LocationEnums.ParkingType, LocationEnums.VehicleType,
            LocationEnums.EnvironmentalImpactCategory, LocationEnums.TokenType,
        ];
        LocationEnums.KnownOpenEnumValues.Keys.ShouldBe(openEnums.Select(e => e.Name), ignoreOrder: true);

        var known = LocationEnums.KnownOpenEnumValues;
        known["Capability"].Count.ShouldBe(13);
        known["ConnectorType"].Count.ShouldBe(42);
        known["ConnectorType"].ShouldContain("IEC_60309_2_single_16"); // mixed case, as in the spec
        known["ConnectorType"].ShouldContain("MCS");
        known["ConnectorType"].ShouldContain("SAE_J3400");
        known["Facility"].Count.ShouldBe(20);
        known["ParkingRestriction"].ShouldBe(
            ["CUSTOMERS", "DISABLED", "EMPLOYEES", "EV_ONLY", "MOTORCYCLES", "PLUGGED", "TAXIS", "TENANTS"], ignoreOrder: true);
        known["ParkingType"].ShouldBe(
            ["ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET", "UNDERGROUND_GARAGE"], ignoreOrder: true);
        known["VehicleType"].Count.ShouldBe(9);
        known["ConnectorCapability"].ShouldBe(["ISO_15118_2_PLUG_AND_CHARGE", "ISO_15118_20_PLUG_AND_CHARGE"], ignoreOrder: true);
        known["ImageCategory"].ShouldBe(["CHARGER", "ENTRANCE", "LOCATION", "NETWORK", "OPERATOR", "OTHER", "OWNER"], ignoreOrder: true);
        known["TokenType"].ShouldBe(["AD_HOC_USER", "APP_USER", "EMAID", "OTHER", "RFID"], ignoreOrder: true);
        foreach (var values in known.Values) values.ShouldBeUnique();
    }

    public static ObjectSchema[] AllSchemas =>
    [
        LocationSchemas.Location, LocationSchemas.Evse, LocationSchemas.Connector, LocationSchemas.Parking,
        LocationSchemas.EvseParking, LocationSchemas.AdditionalGeoLocation, LocationSchemas.ExceptionalPeriod,
        LocationSchemas.Hours, LocationSchemas.RegularHours, LocationSchemas.PublishTokenType, LocationSchemas.StatusSchedule,
    ];

    [Fact]
    public void every_field_name_is_snake_case_and_unique()
    {
        foreach (var schema in AllSchemas)
        {
            schema.Fields.Select(f => f.Name).ShouldBeUnique();
            schema.Fields.ShouldAllBe(f => Regex.IsMatch(f.Name, "^[a-z]+(_[a-z]+)*$"));
            schema.Fields.ShouldAllBe(f => f.Type != null); // a schema used before its declaration would be null here
        }
    }

    [Fact]
    public void the_child_collections_are_the_evses_connectors_and_parking_places()
    {
        LocationChildCollections.All.Select(c => $"{c.Parent.Name}.{c.Field} {c.Child.Name} by {c.IdField}{(c.IsUrlLevel ? " (URL level)" : "")}")
            .ShouldBe([
                "Location.evses EVSE by uid (URL level)",
                "EVSE.connectors Connector by id (URL level)",
                "Location.parking_places Parking by id",
            ], ignoreOrder: true);
        foreach (var child in LocationChildCollections.All)
        {
            var field = child.Parent.Fields.Single(f => f.Name == child.Field);
            field.IsList.ShouldBeTrue();
            field.Type.ShouldBeSameAs(child.Child);
            child.Child.Fields.ShouldContain(f => f.Name == child.IdField && f.Cardinality == Cardinality.One);
        }
        LocationChildCollections.Of(LocationSchemas.Location).Select(c => c.Field).ShouldBe(["evses", "parking_places"], ignoreOrder: true);
        LocationChildCollections.Of(LocationSchemas.Evse).ShouldHaveSingleItem().Field.ShouldBe("connectors");
        LocationChildCollections.Of(LocationSchemas.Connector).ShouldBeEmpty();
    }
}
