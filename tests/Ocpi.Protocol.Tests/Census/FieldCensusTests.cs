using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Tests.Validation;
using Ocpi.Protocol.Validation;
using Ocpi.Protocol.Versions;

namespace Ocpi.Protocol.Tests.Census;

/// <summary>
/// Field census: every schema is compared with the field table of the spec (digest: shared/ocpi-2.3.0/credentials.md
/// B.1/A.2 and locations.md BusinessDetails/Image), so that an accidental change of a table is caught.
/// Each line reads "name cardinality type", cardinality in the spec's notation (1, ?, *, +).
/// </summary>
public sealed class FieldCensusTests
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

    private static FieldSpec Field(ObjectSchema schema, string name) => schema.Fields.Single(f => f.Name == name);

    [Fact]
    public void credentials_matches_its_field_table()
    {
        CredentialsSchemas.Credentials.Name.ShouldBe("Credentials");
        Census(CredentialsSchemas.Credentials).ShouldBe([
            "token 1 credentials token",
            "url 1 URL",
            "hub_party_id ? CiString(5)",
            "roles + CredentialsRole",
        ], ignoreOrder: true);

        // token: string(64), printable non-whitespace ASCII only.
        Field(CredentialsSchemas.Credentials, "token").Type.ShouldBeOfType<CredentialsTokenType>();
        Field(CredentialsSchemas.Credentials, "hub_party_id").Type.ShouldBeOfType<CiStringType>().MaxLength.ShouldBe(5);
        Field(CredentialsSchemas.Credentials, "url").Type.ShouldBeOfType<UrlType>();
        Field(CredentialsSchemas.Credentials, "roles").Type.ShouldBeSameAs(CredentialsSchemas.CredentialsRole);
    }

    [Fact]
    public void the_credentials_token_is_a_string_of_at_most_64_printable_non_whitespace_ascii_characters()
    {
        var token = Field(CredentialsSchemas.Credentials, "token").Type;

        token.ShouldAccept($"\"{new string('!', 32)}{new string('~', 32)}\"");
        token.ShouldRefuse($"\"{new string('a', 65)}\"", "max 64");
        token.ShouldRefuse("\"a b\"", "U+0021..U+007E");
    }

    [Fact]
    public void credentials_role_matches_its_field_table()
    {
        CredentialsSchemas.CredentialsRole.Name.ShouldBe("CredentialsRole");
        Census(CredentialsSchemas.CredentialsRole).ShouldBe([
            "role 1 Role",
            "business_details 1 BusinessDetails",
            "party_id 1 CiString(3)",
            "country_code 1 CiString(2)",
        ], ignoreOrder: true);

        Field(CredentialsSchemas.CredentialsRole, "role").Type.ShouldBeOfType<EnumType>().Values
            .ShouldBe(["CPO", "EMSP", "NAP", "NSP", "OTHER", "SCSP"], ignoreOrder: true);
        Field(CredentialsSchemas.CredentialsRole, "business_details").Type.ShouldBeSameAs(CredentialsSchemas.BusinessDetails);
        Field(CredentialsSchemas.CredentialsRole, "party_id").Type.ShouldBeOfType<CiStringType>().MaxLength.ShouldBe(3);
        Field(CredentialsSchemas.CredentialsRole, "country_code").Type.ShouldBeOfType<CiStringType>().MaxLength.ShouldBe(2);
    }

    [Fact]
    public void business_details_matches_its_field_table()
    {
        CredentialsSchemas.BusinessDetails.Name.ShouldBe("BusinessDetails");
        Census(CredentialsSchemas.BusinessDetails).ShouldBe([
            "name 1 string(100)",
            "website ? URL",
            "logo ? Image",
        ], ignoreOrder: true);

        Field(CredentialsSchemas.BusinessDetails, "name").Type.ShouldBeOfType<StringType>().MaxLength.ShouldBe(100);
        Field(CredentialsSchemas.BusinessDetails, "logo").Type.ShouldBeSameAs(CredentialsSchemas.Image);
    }

    [Fact]
    public void image_matches_its_field_table()
    {
        CredentialsSchemas.Image.Name.ShouldBe("Image");
        Census(CredentialsSchemas.Image).ShouldBe([
            "url 1 URL",
            "thumbnail ? URL",
            "category 1 ImageCategory",
            "type 1 CiString(4)",
            "width ? int(5)",
            "height ? int(5)",
        ], ignoreOrder: true);

        // ImageCategory is an OpenEnum in 2.3.0: unknown categories must be accepted.
        Field(CredentialsSchemas.Image, "category").Type.ShouldBeOfType<OpenEnumType>();
        Field(CredentialsSchemas.Image, "type").Type.ShouldBeOfType<CiStringType>().MaxLength.ShouldBe(4);
        Field(CredentialsSchemas.Image, "width").Type.ShouldBeOfType<IntType>();
        Field(CredentialsSchemas.Image, "height").Type.ShouldBeOfType<IntType>();
    }

    [Fact]
    public void version_matches_its_field_table()
    {
        Census(VersionSchemas.Version).ShouldBe(["version 1 VersionNumber", "url 1 URL"], ignoreOrder: true);
        Field(VersionSchemas.Version, "version").Type.ShouldBeOfType<OpenEnumType>();
    }

    [Fact]
    public void version_details_matches_its_field_table()
    {
        VersionSchemas.VersionDetails.Name.ShouldBe("VersionDetails");
        Census(VersionSchemas.VersionDetails).ShouldBe([
            "version 1 VersionNumber",
            "endpoints + Endpoint",
        ], ignoreOrder: true);

        // VersionNumber is an OpenEnum in 2.3.0.
        Field(VersionSchemas.VersionDetails, "version").Type.ShouldBeOfType<OpenEnumType>();
        Field(VersionSchemas.VersionDetails, "endpoints").Type.ShouldBeSameAs(VersionSchemas.Endpoint);
    }

    [Fact]
    public void endpoint_matches_its_field_table()
    {
        VersionSchemas.Endpoint.Name.ShouldBe("Endpoint");
        Census(VersionSchemas.Endpoint).ShouldBe([
            "identifier 1 ModuleID",
            "role 1 InterfaceRole",
            "url 1 URL",
        ], ignoreOrder: true);

        // ModuleID is an OpenEnum, InterfaceRole a closed enum.
        Field(VersionSchemas.Endpoint, "identifier").Type.ShouldBeOfType<OpenEnumType>();
        Field(VersionSchemas.Endpoint, "role").Type.ShouldBeOfType<EnumType>().Values.ShouldBe(["SENDER", "RECEIVER"], ignoreOrder: true);
    }

    [Fact]
    public void closed_enums_of_the_tables_match_their_csharp_enums()
    {
        Enum.GetNames<Role>().ShouldBe(["CPO", "EMSP", "NAP", "NSP", "OTHER", "SCSP"], ignoreOrder: true);
        Enum.GetNames<Role>().ShouldNotContain("HUB");
        Enum.GetNames<InterfaceRole>().ShouldBe(["SENDER", "RECEIVER"], ignoreOrder: true);
    }

    [Fact]
    public void every_field_name_is_snake_case_and_unique()
    {
        ObjectSchema[] schemas =
        [
            CredentialsSchemas.Credentials, CredentialsSchemas.CredentialsRole, CredentialsSchemas.BusinessDetails,
            CredentialsSchemas.Image, VersionSchemas.Version, VersionSchemas.VersionDetails, VersionSchemas.Endpoint,
        ];
        foreach (var schema in schemas)
        {
            schema.Fields.Select(f => f.Name).ShouldBeUnique();
            schema.Fields.ShouldAllBe(f => System.Text.RegularExpressions.Regex.IsMatch(f.Name, "^[a-z]+(_[a-z]+)*$"));
        }
    }
}
