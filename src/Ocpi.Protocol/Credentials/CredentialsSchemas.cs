using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Credentials;

/// <summary>Field tables of credentials.asciidoc (and Image/BusinessDetails of mod_locations.asciidoc).</summary>
public static class CredentialsSchemas
{
    public static ObjectSchema Image { get; } = new ObjectSchema("Image")
        .Required("url", Url)
        .Optional("thumbnail", Url)
        .Required("category", OpenEnum("ImageCategory"))
        .Required("type", CiString(4))
        .Optional("width", Int(5))
        .Optional("height", Int(5));

    public static ObjectSchema BusinessDetails { get; } = new ObjectSchema("BusinessDetails")
        .Required("name", String(100))
        .Optional("website", Url)
        .Optional("logo", Image);

    public static ObjectSchema CredentialsRole { get; } = new ObjectSchema("CredentialsRole")
        .Required("role", Enum<Role>())
        .Required("business_details", BusinessDetails)
        .Required("party_id", PartyId)
        .Required("country_code", CountryCode);

    public static ObjectSchema Credentials { get; } = new ObjectSchema("Credentials")
        .Required("token", CredentialsToken)
        .Required("url", Url)
        .Optional("hub_party_id", CiString(5))
        .AtLeastOne("roles", CredentialsRole);
}
