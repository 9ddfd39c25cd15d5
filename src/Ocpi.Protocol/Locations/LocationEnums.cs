using Ocpi.Protocol.Common;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Locations;

/// <summary>
/// The enums of mod_locations.asciidoc (OCPI 2.3.0 ed2). Closed enums refuse unknown values; OpenEnums accept any string,
/// their known values are listed in <see cref="KnownOpenEnumValues"/>. Enums already defined elsewhere are the same
/// instances (EnergySourceCategory, EnvironmentalImpactCategory, ImageCategory).
/// </summary>
public static class LocationEnums
{
    // Closed enums.

    public static EnumType ConnectorFormat { get; } = Enum("ConnectorFormat", "SOCKET", "CABLE");

    public static EnumType EvsePosition { get; } = Enum("EVSEPosition", "LEFT", "RIGHT", "CENTER");

    public static EnumType ParkingDirection { get; } = Enum("ParkingDirection", "PARALLEL", "PERPENDICULAR", "ANGLE");

    public static EnumType PowerType { get; } = Enum("PowerType", "AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC");

    /// <summary>The status of an EVSE (EVSE.status, StatusSchedule.status).</summary>
    public static EnumType Status { get; } = Enum("Status",
        "AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER", "PLANNED", "REMOVED", "RESERVED", "UNKNOWN");

    /// <summary>Defined with EnergySource in <see cref="CommonSchemas"/>.</summary>
    public static EnumType EnergySourceCategory => CommonSchemas.EnergySourceCategory;

    // OpenEnums.

    public static OpenEnumType Capability { get; } = OpenEnum("Capability");

    public static OpenEnumType ConnectorCapability { get; } = OpenEnum("ConnectorCapability");

    public static OpenEnumType ConnectorType { get; } = OpenEnum("ConnectorType");

    public static OpenEnumType Facility { get; } = OpenEnum("Facility");

    public static OpenEnumType ParkingRestriction { get; } = OpenEnum("ParkingRestriction");

    public static OpenEnumType ParkingType { get; } = OpenEnum("ParkingType");

    public static OpenEnumType VehicleType { get; } = OpenEnum("VehicleType");

    /// <summary>Defined with Image in <see cref="CredentialsSchemas"/>.</summary>
    public static OpenEnumType ImageCategory { get; } = FieldTypeOf<OpenEnumType>(CredentialsSchemas.Image, "category");

    /// <summary>Defined with EnvironmentalImpact in <see cref="CommonSchemas"/>.</summary>
    public static OpenEnumType EnvironmentalImpactCategory { get; } =
        FieldTypeOf<OpenEnumType>(CommonSchemas.EnvironmentalImpact, "category");

    /// <summary>
    /// TokenType of mod_tokens.asciidoc, used here by PublishTokenType.type. A Tokens schema should reuse this instance
    /// (or this one should move there once it exists).
    /// </summary>
    public static OpenEnumType TokenType { get; } = OpenEnum("TokenType");

    /// <summary>The values the spec lists for each OpenEnum, keyed by the OpenEnum's name. Other values are valid too.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownOpenEnumValues { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["Capability"] =
            [
                "CHARGING_PROFILE_CAPABLE", "CHARGING_PREFERENCES_CAPABLE", "CHIP_CARD_SUPPORT", "CONTACTLESS_CARD_SUPPORT",
                "CREDIT_CARD_PAYABLE", "DEBIT_CARD_PAYABLE", "PED_TERMINAL", "REMOTE_START_STOP_CAPABLE", "RESERVABLE",
                "RFID_READER", "START_SESSION_CONNECTOR_REQUIRED", "TOKEN_GROUP_CAPABLE", "UNLOCK_CAPABLE",
            ],
            ["ConnectorCapability"] = ["ISO_15118_2_PLUG_AND_CHARGE", "ISO_15118_20_PLUG_AND_CHARGE"],
            ["ConnectorType"] =
            [
                "CHADEMO", "CHAOJI", "DOMESTIC_A", "DOMESTIC_B", "DOMESTIC_C", "DOMESTIC_D", "DOMESTIC_E", "DOMESTIC_F",
                "DOMESTIC_G", "DOMESTIC_H", "DOMESTIC_I", "DOMESTIC_J", "DOMESTIC_K", "DOMESTIC_L", "DOMESTIC_M", "DOMESTIC_N",
                "DOMESTIC_O", "GBT_AC", "GBT_DC", "IEC_60309_2_single_16", "IEC_60309_2_three_16", "IEC_60309_2_three_32",
                "IEC_60309_2_three_64", "IEC_62196_T1", "IEC_62196_T1_COMBO", "IEC_62196_T2", "IEC_62196_T2_COMBO",
                "IEC_62196_T3A", "IEC_62196_T3C", "MCS", "NEMA_5_20", "NEMA_6_30", "NEMA_6_50", "NEMA_10_30", "NEMA_10_50",
                "NEMA_14_30", "NEMA_14_50", "PANTOGRAPH_BOTTOM_UP", "PANTOGRAPH_TOP_DOWN", "SAE_J3400", "TESLA_R", "TESLA_S",
            ],
            ["EnvironmentalImpactCategory"] = ["NUCLEAR_WASTE", "CARBON_DIOXIDE"],
            ["Facility"] =
            [
                "HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT", "RECREATION_AREA", "NATURE", "MUSEUM",
                "BIKE_SHARING", "BUS_STOP", "TAXI_STAND", "TRAM_STOP", "METRO_STATION", "TRAIN_STATION", "AIRPORT",
                "PARKING_LOT", "CARPOOL_PARKING", "FUEL_STATION", "WIFI",
            ],
            ["ImageCategory"] = ["CHARGER", "ENTRANCE", "LOCATION", "NETWORK", "OPERATOR", "OTHER", "OWNER"],
            ["ParkingRestriction"] = ["CUSTOMERS", "DISABLED", "EMPLOYEES", "EV_ONLY", "MOTORCYCLES", "PLUGGED", "TAXIS", "TENANTS"],
            ["ParkingType"] = ["ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET", "UNDERGROUND_GARAGE"],
            ["TokenType"] = ["AD_HOC_USER", "APP_USER", "EMAID", "OTHER", "RFID"],
            ["VehicleType"] =
            [
                "MOTORCYCLE", "PERSONAL_VEHICLE", "PERSONAL_VEHICLE_WITH_TRAILER", "VAN", "SEMI_TRACTOR", "RIGID",
                "TRUCK_WITH_TRAILER", "BUS", "DISABLED",
            ],
        };

    internal static T FieldTypeOf<T>(ObjectSchema schema, string field) where T : FieldType =>
        (T)schema.Fields.Single(f => f.Name == field).Type;
}
