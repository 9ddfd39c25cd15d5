using Ocpi.Protocol.Locations;
using System.Text.Json;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Cdrs;

/// <summary>
/// Field tables of mod_cdrs.asciidoc. CdrToken, ChargingPeriod, CdrDimension and AuthMethod are shared with Sessions
/// and defined in <see cref="SessionSchemas"/>; the embedded Tariffs use <see cref="TariffSchemas.Tariff"/>.
/// </summary>
public static class CdrSchemas
{
    /// <summary>Normal (non-credit) CDRs "SHALL only have an ID with a maximum length of 36"; credit CDRs may use 39.</summary>
    public const int NonCreditIdMaxLength = 36;

    // Enums of mod_locations.asciidoc that CdrLocation uses; the Locations module owns them.
    private static OpenEnumType ConnectorType => LocationEnums.ConnectorType;
    private static EnumType ConnectorFormat => LocationEnums.ConnectorFormat;
    private static EnumType PowerType => LocationEnums.PowerType;

    /// <summary>
    /// CdrLocation. <c>evse_uid</c>, <c>evse_id</c> and <c>connector_id</c> may be <c>#NA</c> for a CDR of a reservation
    /// that never became a charging session (they are CiStrings, so <c>#NA</c> passes); the connector fields may then
    /// hold any value of their type. Note <c>address</c> 45 and <c>state</c> 20 (shorter than Location's).
    /// </summary>
    public static ObjectSchema CdrLocation { get; } = new ObjectSchema("CdrLocation")
        .Required("id", CiString(36))
        .Optional("name", String(255))
        .Required("address", String(45))
        .Required("city", String(45))
        .Optional("postal_code", String(10))
        .Optional("state", String(20))
        .Required("country", String(3))
        .Required("coordinates", CommonSchemas.GeoLocation)
        .Required("evse_uid", CiString(36))
        .Required("evse_id", CiString(48))
        .Required("connector_id", CiString(36))
        .Required("connector_standard", ConnectorType)
        .Required("connector_format", ConnectorFormat)
        .Required("connector_power_type", PowerType);

    public static ObjectSchema SignedValue { get; } = new ObjectSchema("SignedValue")
        .Required("nature", CiString(32))
        .Required("plain_data", String(5000))
        .Required("signed_data", String(5000));

    /// <summary>SignedData; <c>url</c> is a string(512) (its type cell links CiString but reads "string").</summary>
    public static ObjectSchema SignedData { get; } = new ObjectSchema("SignedData")
        .Required("encoding_method", CiString(36))
        .Optional("encoding_method_version", Int())
        .Optional("public_key", String(512))
        .AtLeastOne("signed_values", SignedValue)
        .Optional("url", String(512));

    /// <summary>
    /// CDR (POST body; CDRs are immutable). Rules beyond the table, all stated by the spec: a non-credit CDR id has at
    /// most 36 characters; a Credit CDR (<c>credit</c> = true) needs <c>credit_reference_id</c>; Session-only
    /// dimension types are not allowed in a CDR's charging periods.
    /// </summary>
    public static ObjectSchema Cdr { get; } = new ObjectSchema("CDR")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("id", CiString(39))
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("end_date_time", OcpiTypes.DateTime)
        .Optional("session_id", CiString(36))
        .Required("cdr_token", SessionSchemas.CdrToken)
        .Required("auth_method", SessionSchemas.AuthMethod)
        .Optional("authorization_reference", CiString(36))
        .Required("cdr_location", CdrLocation)
        .Optional("meter_id", String(255))
        .Required("currency", String(3))
        .Many("tariffs", TariffSchemas.Tariff)
        .AtLeastOne("charging_periods", SessionSchemas.ChargingPeriod)
        .Optional("signed_data", SignedData)
        .Required("total_cost", CommonSchemas.Price)
        .Optional("total_fixed_cost", CommonSchemas.Price)
        .Required("total_energy", Number)
        .Optional("total_energy_cost", CommonSchemas.Price)
        .Required("total_time", Number)
        .Optional("total_time_cost", CommonSchemas.Price)
        .Optional("total_parking_time", Number)
        .Optional("total_parking_cost", CommonSchemas.Price)
        .Optional("total_reservation_cost", CommonSchemas.Price)
        .Optional("remark", String(255))
        .Optional("invoice_reference_id", CiString(39))
        .Optional("credit", OcpiTypes.Boolean)
        .Optional("credit_reference_id", CiString(39))
        .Optional("home_charging_compensation", OcpiTypes.Boolean)
        .Required("last_updated", OcpiTypes.DateTime)
        .Rule(CreditCdrRules)
        .Rule(NoSessionOnlyDimensions);

    private static void CreditCdrRules(JsonElement cdr, string path, ValidationResult result)
    {
        var isCredit = cdr.TryGetProperty("credit", out var credit) && credit.ValueKind == JsonValueKind.True;
        if (isCredit && !(cdr.TryGetProperty("credit_reference_id", out var reference) && reference.ValueKind != JsonValueKind.Null))
            result.Add(SessionSchemas.Join(path, "credit_reference_id"), "required for a Credit CDR (credit is true)");
        // Ids of 37..39 characters are reserved for credit CDRs; longer ids are already reported by CiString(39).
        if (!isCredit && cdr.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String &&
            id.GetString()!.Length is > NonCreditIdMaxLength and <= 39)
            result.Add(SessionSchemas.Join(path, "id"),
                $"too long for a non-credit CDR ({id.GetString()!.Length} characters, max {NonCreditIdMaxLength}; 39 only when credit is true)");
    }

    private static void NoSessionOnlyDimensions(JsonElement cdr, string path, ValidationResult result)
    {
        if (!cdr.TryGetProperty("charging_periods", out var periods) || periods.ValueKind != JsonValueKind.Array) return;
        var periodIndex = 0;
        foreach (var period in periods.EnumerateArray())
        {
            var periodPath = SessionSchemas.Join(path, $"charging_periods[{periodIndex++}]");
            if (period.ValueKind != JsonValueKind.Object || !period.TryGetProperty("dimensions", out var dimensions) ||
                dimensions.ValueKind != JsonValueKind.Array)
                continue;
            var dimensionIndex = 0;
            foreach (var dimension in dimensions.EnumerateArray())
            {
                var dimensionPath = $"{periodPath}.dimensions[{dimensionIndex++}]";
                if (dimension.ValueKind == JsonValueKind.Object && dimension.TryGetProperty("type", out var type) &&
                    type.ValueKind == JsonValueKind.String && SessionSchemas.SessionOnlyDimensionTypes.Contains(type.GetString()!))
                    result.Add($"{dimensionPath}.type", $"'{type.GetString()}' is a Session-only CdrDimensionType, not allowed in a CDR");
            }
        }
    }
}
