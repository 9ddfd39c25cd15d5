using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.ChargingProfiles;

/// <summary>
/// Field tables of mod_charging_profiles.asciidoc as the eMSP (Sender) meets them: the SetChargingProfile it PUTs, the
/// CPO's synchronous ChargingProfileResponse, the three asynchronous results (their shapes overlap, so the response_url
/// says which one is expected) and the ActiveChargingProfile the CPO pushes.
/// </summary>
public static class ChargingProfileSchemas
{
    public static EnumType ChargingRateUnit { get; } = Enum("ChargingRateUnit", "W", "A");

    public static EnumType ChargingProfileResponseType { get; } =
        Enum("ChargingProfileResponseType", "ACCEPTED", "NOT_SUPPORTED", "REJECTED", "TOO_OFTEN", "UNKNOWN_SESSION");

    public static EnumType ChargingProfileResultType { get; } = Enum("ChargingProfileResultType", "ACCEPTED", "REJECTED", "UNKNOWN");

    public static ObjectSchema ChargingProfilePeriod { get; } = new ObjectSchema("ChargingProfilePeriod")
        .Required("start_period", Int())
        .Required("limit", Number);

    public static ObjectSchema ChargingProfile { get; } = new ObjectSchema("ChargingProfile")
        .Optional("start_date_time", OcpiTypes.DateTime)
        .Optional("duration", Int())
        .Required("charging_rate_unit", ChargingRateUnit)
        .Optional("min_charging_rate", Number)
        .Many("charging_profile_period", ChargingProfilePeriod);

    public static ObjectSchema SetChargingProfile { get; } = new ObjectSchema("SetChargingProfile")
        .Required("charging_profile", ChargingProfile)
        .Required("response_url", Url);

    public static ObjectSchema ChargingProfileResponse { get; } = new ObjectSchema("ChargingProfileResponse")
        .Required("result", ChargingProfileResponseType)
        .Required("timeout", Int());

    public static ObjectSchema ActiveChargingProfile { get; } = new ObjectSchema("ActiveChargingProfile")
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("charging_profile", ChargingProfile);

    public static ObjectSchema ActiveChargingProfileResult { get; } = new ObjectSchema("ActiveChargingProfileResult")
        .Required("result", ChargingProfileResultType)
        .Optional("profile", ActiveChargingProfile);

    public static ObjectSchema ChargingProfileResult { get; } = new ObjectSchema("ChargingProfileResult")
        .Required("result", ChargingProfileResultType);

    public static ObjectSchema ClearProfileResult { get; } = new ObjectSchema("ClearProfileResult")
        .Required("result", ChargingProfileResultType);
}
