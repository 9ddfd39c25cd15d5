using Ocpi.Protocol.Common;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Locations.LocationEnums;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Locations;

/// <summary>
/// Field tables of mod_locations.asciidoc (OCPI 2.3.0 ed2, branch 2.3.0/release/core), with the cross-field rules the
/// spec states as requirements (<see cref="LocationRules"/>). Shared classes come from <see cref="CommonSchemas"/>
/// (DisplayText, GeoLocation, EnergyMix) and <see cref="CredentialsSchemas"/> (Image, BusinessDetails).
/// PUT bodies: <c>Validate</c> on <see cref="Location"/>, <see cref="Evse"/> or <see cref="Connector"/> by URL depth;
/// PATCH bodies: <c>ValidatePartial(body, "last_updated")</c> on the same schema.
/// </summary>
/// <remarks>
/// Static properties initialise in textual order: a class must be declared before the classes that use it.
/// </remarks>
public static class LocationSchemas
{
    /// <summary>CiString(36): Location.id, EVSE.uid, Connector.id, Parking.id, tariff and token ids.</summary>
    private static CiStringType Id36 => CiString(36);

    public static ObjectSchema AdditionalGeoLocation { get; } = new ObjectSchema("AdditionalGeoLocation")
        // Same string(10)/string(11) and regexes as GeoLocation.
        .Required("latitude", LocationEnums.FieldTypeOf<FieldType>(CommonSchemas.GeoLocation, "latitude"))
        .Required("longitude", LocationEnums.FieldTypeOf<FieldType>(CommonSchemas.GeoLocation, "longitude"))
        .Optional("name", CommonSchemas.DisplayText);

    public static ObjectSchema ExceptionalPeriod { get; } = new ObjectSchema("ExceptionalPeriod")
        .Required("period_begin", OcpiTypes.DateTime)
        .Required("period_end", OcpiTypes.DateTime);

    public static ObjectSchema RegularHours { get; } = new ObjectSchema("RegularHours")
        .Required("weekday", Int(1))
        .Required("period_begin", Pattern(5, LocationRules.TimeOfDayPattern, "a local time HH:MM (00:00 to 23:59)"))
        .Required("period_end", Pattern(5, LocationRules.TimeOfDayPattern, "a local time HH:MM (00:00 to 23:59)"))
        .Rule(LocationRules.RegularHoursWeekdayAndPeriod);

    public static ObjectSchema Hours { get; } = new ObjectSchema("Hours")
        .Required("twentyfourseven", OcpiTypes.Boolean)
        .Many("regular_hours", RegularHours)
        .Many("exceptional_openings", ExceptionalPeriod)
        .Many("exceptional_closings", ExceptionalPeriod)
        .Rule(LocationRules.RegularHoursMatchTwentyFourSeven);

    public static ObjectSchema PublishTokenType { get; } = new ObjectSchema("PublishTokenType")
        .Optional("uid", Id36)
        .Optional("type", TokenType)
        .Optional("visual_number", String(64))
        .Optional("issuer", String(64))
        .Optional("group_id", Id36)
        .Rule(LocationRules.PublishTokenIdentifiesATokenOrGroup);

    public static ObjectSchema StatusSchedule { get; } = new ObjectSchema("StatusSchedule")
        .Required("period_begin", OcpiTypes.DateTime)
        .Optional("period_end", OcpiTypes.DateTime)
        .Required("status", Status);

    /// <summary>New in 2.3.0: a reference from an EVSE to one of its Location's <c>parking_places</c>.</summary>
    public static ObjectSchema EvseParking { get; } = new ObjectSchema("EVSEParking")
        .Required("parking_id", Id36)
        .Optional("evse_position", EvsePosition);

    /// <summary>
    /// New in 2.3.0 (EU AFIR). The "should be provided unless vehicle_types is only PERSONAL_VEHICLE/MOTORCYCLE" notes are
    /// SHOULDs and are not enforced.
    /// </summary>
    public static ObjectSchema Parking { get; } = new ObjectSchema("Parking")
        .Required("id", Id36)
        .Optional("physical_reference", String(12))
        .AtLeastOne("vehicle_types", VehicleType)
        .Optional("max_vehicle_weight", Number)
        .Optional("max_vehicle_height", Number)
        .Optional("max_vehicle_length", Number)
        .Optional("max_vehicle_width", Number)
        .Optional("parking_space_length", Number)
        .Optional("parking_space_width", Number)
        .Optional("dangerous_goods_allowed", OcpiTypes.Boolean)
        .Optional("direction", ParkingDirection)
        .Optional("drive_through", OcpiTypes.Boolean)
        .Required("restricted_to_type", OcpiTypes.Boolean)
        .Required("reservation_required", OcpiTypes.Boolean)
        .Optional("time_limit", Number)
        .Optional("roofed", OcpiTypes.Boolean)
        .Many("images", CredentialsSchemas.Image)
        .Optional("lighting", OcpiTypes.Boolean)
        .Optional("refrigeration_outlet", OcpiTypes.Boolean)
        .Many("standards", CiString(36))
        // The spec gives no length for apds_reference.
        .Optional("apds_reference", UnboundedCiStringType.Instance);

    public static ObjectSchema Connector { get; } = new ObjectSchema("Connector")
        .Required("id", Id36)
        .Required("standard", ConnectorType)
        .Required("format", ConnectorFormat)
        .Required("power_type", PowerType)
        .Required("max_voltage", Int())
        .Required("max_amperage", Int())
        .Optional("max_electric_power", Int())
        .Many("tariff_ids", Id36)
        .Optional("terms_and_conditions", Url)
        .Many("capabilities", ConnectorCapability)
        .Required("last_updated", OcpiTypes.DateTime);

    public static ObjectSchema Evse { get; } = new ObjectSchema("EVSE")
        .Required("uid", Id36)
        .Optional("evse_id", CiString(48))
        .Required("status", Status)
        .Many("status_schedule", StatusSchedule)
        .Many("capabilities", Capability)
        .AtLeastOne("connectors", Connector)
        .Optional("floor_level", String(4))
        .Optional("coordinates", CommonSchemas.GeoLocation)
        .Optional("physical_reference", String(16))
        .Many("directions", CommonSchemas.DisplayText)
        .Many("parking_restrictions", ParkingRestriction)
        .Many("parking", EvseParking)
        .Many("images", CredentialsSchemas.Image)
        .Many("accepted_service_providers", String(50))
        .Required("last_updated", OcpiTypes.DateTime)
        .Rule(LocationRules.UniqueIds("connectors", "id", "Connector ids must be unique within the EVSE"));

    public static ObjectSchema Location { get; } = new ObjectSchema("Location")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("id", Id36)
        .Required("publish", OcpiTypes.Boolean)
        .Many("publish_allowed_to", PublishTokenType)
        .Optional("name", String(255))
        // ed2 erratum: 255 and 45 (ed1 text said 45 and 20).
        .Required("address", String(255))
        .Required("city", String(45))
        .Optional("postal_code", String(10))
        .Optional("state", String(45))
        .Required("country", String(3))
        .Required("coordinates", CommonSchemas.GeoLocation)
        .Many("related_locations", AdditionalGeoLocation)
        .Optional("parking_type", ParkingType)
        .Many("evses", Evse)
        .Many("parking_places", Parking)
        .Many("directions", CommonSchemas.DisplayText)
        .Optional("operator", CredentialsSchemas.BusinessDetails)
        .Optional("suboperator", CredentialsSchemas.BusinessDetails)
        .Optional("owner", CredentialsSchemas.BusinessDetails)
        .Many("facilities", Facility)
        .Required("time_zone", String(255))
        .Optional("opening_times", Hours)
        // Default true when absent.
        .Optional("charging_when_closed", OcpiTypes.Boolean)
        .Many("images", CredentialsSchemas.Image)
        .Optional("energy_mix", CommonSchemas.EnergyMix)
        .Optional("help_phone", CiString(25))
        .Required("last_updated", OcpiTypes.DateTime)
        .Rule(LocationRules.PublishAllowedToOnlyWhenNotPublished)
        .Rule(LocationRules.UniqueIds("evses", "uid", "EVSE uids must be unique"))
        .Rule(LocationRules.UniqueIds("parking_places", "id", "Parking ids must be unique within the Location"));
}
