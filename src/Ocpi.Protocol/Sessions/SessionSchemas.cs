using Ocpi.Protocol.Locations;
using System.Globalization;
using System.Text.Json;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Sessions;

/// <summary>
/// Field tables of mod_sessions.asciidoc, plus the classes the Session shares with the CDR and that mod_cdrs.asciidoc
/// defines (CdrToken, ChargingPeriod, CdrDimension, CdrDimensionType, AuthMethod). They are defined once, here; the
/// CDR schemas reference them.
/// </summary>
public static class SessionSchemas
{
    // ----- enums (all closed in 2.3.0) -----

    /// <summary>AuthMethod (mod_cdrs.asciidoc).</summary>
    public static EnumType AuthMethod { get; } = Enum("AuthMethod", "AUTH_REQUEST", "COMMAND", "WHITELIST");

    /// <summary>CdrDimensionType (mod_cdrs.asciidoc), used in Session and CDR charging periods.</summary>
    public static EnumType CdrDimensionType { get; } = Enum("CdrDimensionType",
        "CURRENT", "ENERGY", "ENERGY_EXPORT", "ENERGY_IMPORT", "MAX_CURRENT", "MIN_CURRENT", "MAX_POWER", "MIN_POWER",
        "PARKING_TIME", "POWER", "RESERVATION_TIME", "STATE_OF_CHARGE", "TIME");

    /// <summary>
    /// The CdrDimensionType values marked "Session Only": they "SHALL therefor only be used in Sessions" (mod_cdrs.asciidoc).
    /// The CDR schema refuses them.
    /// </summary>
    public static IReadOnlyCollection<string> SessionOnlyDimensionTypes { get; } =
        ["CURRENT", "ENERGY_EXPORT", "ENERGY_IMPORT", "POWER", "STATE_OF_CHARGE"];

    public static EnumType SessionStatus { get; } = Enum("SessionStatus", "ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION");

    public static EnumType ProfileType { get; } = Enum("ProfileType", "CHEAP", "FAST", "GREEN", "REGULAR");

    /// <summary>The response data of PUT charging_preferences (a bare enum value, not an object).</summary>
    public static EnumType ChargingPreferencesResponse { get; } = Enum("ChargingPreferencesResponse",
        "ACCEPTED", "DEPARTURE_REQUIRED", "ENERGY_NEED_REQUIRED", "NOT_POSSIBLE", "PROFILE_TYPE_NOT_SUPPORTED");

    /// <summary>
    /// TokenType is an OpenEnum of mod_tokens.asciidoc. Kept private here (CdrToken needs it) so that the Tokens module
    /// can own the public definition.
    /// </summary>
    private static OpenEnumType TokenType => LocationEnums.TokenType;

    // ----- classes shared with CDRs (mod_cdrs.asciidoc) -----

    public static ObjectSchema CdrToken { get; } = new ObjectSchema("CdrToken")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("uid", CiString(36))
        .Required("type", TokenType)
        .Required("contract_id", CiString(36));

    /// <summary>CdrDimension; STATE_OF_CHARGE is a percentage, "values allowed: 0 to 100".</summary>
    public static ObjectSchema CdrDimension { get; } = new ObjectSchema("CdrDimension")
        .Required("type", CdrDimensionType)
        .Required("volume", Number)
        .Rule(StateOfChargeIsAPercentage);

    public static ObjectSchema ChargingPeriod { get; } = new ObjectSchema("ChargingPeriod")
        .Required("start_date_time", OcpiTypes.DateTime)
        .AtLeastOne("dimensions", CdrDimension)
        .Optional("tariff_id", CiString(36));

    // ----- Sessions module -----

    /// <summary>
    /// Session. <c>evse_uid</c> and <c>connector_id</c> may be <c>#NA</c> for a reservation without an assigned EVSE or
    /// connector: they are CiStrings, so <c>#NA</c> passes; nothing may resolve them.
    /// PATCH bodies: <c>ValidatePartial(body, "last_updated")</c>.
    /// </summary>
    public static ObjectSchema Session { get; } = new ObjectSchema("Session")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("id", CiString(36))
        .Required("start_date_time", OcpiTypes.DateTime)
        .Optional("end_date_time", OcpiTypes.DateTime)
        .Required("kwh", Number)
        .Required("cdr_token", CdrToken)
        .Required("auth_method", AuthMethod)
        .Optional("authorization_reference", CiString(36))
        .Required("location_id", CiString(36))
        .Required("evse_uid", CiString(36))
        .Required("connector_id", CiString(36))
        .Optional("meter_id", String(255))
        .Required("currency", String(3))
        .Many("charging_periods", ChargingPeriod)
        .Optional("total_cost", CommonSchemas.Price)
        .Required("status", SessionStatus)
        .Required("last_updated", OcpiTypes.DateTime);

    /// <summary>The body of PUT {sessions_endpoint_url}/{session_id}/charging_preferences (eMSP → CPO).</summary>
    public static ObjectSchema ChargingPreferences { get; } = new ObjectSchema("ChargingPreferences")
        .Required("profile_type", ProfileType)
        .Optional("departure_time", OcpiTypes.DateTime)
        .Optional("energy_need", Number)
        .Optional("discharge_allowed", OcpiTypes.Boolean);

    private static void StateOfChargeIsAPercentage(JsonElement dimension, string path, ValidationResult result)
    {
        if (!dimension.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String ||
            type.GetString() != "STATE_OF_CHARGE")
            return;
        if (!dimension.TryGetProperty("volume", out var volume) || !volume.TryGetDecimalValue(out var percentage)) return;
        if (percentage is < 0 or > 100)
            result.Add(Join(path, "volume"),
                $"STATE_OF_CHARGE is a percentage, values allowed: 0 to 100 (got {percentage.ToString(CultureInfo.InvariantCulture)})");
    }

    private static bool TryGetDecimalValue(this JsonElement element, out decimal value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out value);
    }

    internal static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}
