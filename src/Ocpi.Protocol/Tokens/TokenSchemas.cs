using Ocpi.Protocol.Common;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Tokens;

/// <summary>Field tables of mod_tokens.asciidoc.</summary>
public static class TokenSchemas
{
    public const string DefaultType = "RFID";

    public static EnumType WhitelistType { get; } = Enum("WhitelistType", "ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER");

    public static EnumType AllowedType { get; } = Enum("AllowedType", "ALLOWED", "BLOCKED", "EXPIRED", "NO_CREDIT", "NOT_ALLOWED");

    public static OpenEnumType TokenType => LocationEnums.TokenType;

    public static ObjectSchema EnergyContract { get; } = new ObjectSchema("EnergyContract")
        .Required("supplier_name", String(64))
        .Optional("contract_id", String(64));

    public static ObjectSchema Token { get; } = new ObjectSchema("Token")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("uid", CiString(36))
        .Required("type", TokenType)
        .Required("contract_id", CiString(36))
        .Optional("visual_number", String(64))
        .Required("issuer", String(64))
        .Optional("group_id", CiString(36))
        .Required("valid", OcpiTypes.Boolean)
        .Required("whitelist", WhitelistType)
        .Optional("language", String(2))
        .Optional("default_profile_type", SessionSchemas.ProfileType)
        .Optional("energy_contract", EnergyContract)
        .Required("last_updated", OcpiTypes.DateTime);

    public static ObjectSchema LocationReferences { get; } = new ObjectSchema("LocationReferences")
        .Required("location_id", CiString(36))
        .Many("evse_uids", CiString(36));

    public static ObjectSchema AuthorizationInfo { get; } = new ObjectSchema("AuthorizationInfo")
        .Required("allowed", AllowedType)
        .Required("token", Token)
        .Optional("location", LocationReferences)
        .Optional("authorization_reference", CiString(36))
        .Optional("info", CommonSchemas.DisplayText);
}
