using Ocpi.Protocol.Credentials;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class CredentialsSchemaTests
{
    private const string Valid = """
        {
          "token": "ebf3b399-779f-4497-9b9d-ac6ad3cc44d2",
          "url": "https://example.com/ocpi/versions",
          "hub_party_id": "NLHUB",
          "roles": [
            { "role": "CPO", "party_id": "EXA", "country_code": "NL", "business_details": { "name": "Example Operator" } },
            { "role": "EMSP", "party_id": "EXA", "country_code": "NL", "business_details": { "name": "Example Provider" } }
          ]
        }
        """;

    private static Ocpi.Protocol.Validation.ValidationResult Validate(string json) =>
        CredentialsSchemas.Credentials.Validate(TestJson.Parse(json));

    [Fact]
    public void a_valid_body_with_hub_party_id_passes()
    {
        var result = Validate(Valid);

        result.IsValid.ShouldBeTrue(result.Describe());
    }

    [Fact]
    public void an_invalid_party_id_in_the_second_role_is_named_by_its_path()
    {
        var result = Validate(Valid.Replace("\"EMSP\", \"party_id\": \"EXA\"", "\"EMSP\", \"party_id\": \"EXAMPLE\""));

        result.Errors.ShouldHaveSingleItem().ToString().ShouldBe("roles[1].party_id: too long (7 characters, max 3)");
    }

    [Fact]
    public void a_logo_error_is_named_by_its_full_path()
    {
        var result = Validate(Valid.Replace("""{ "name": "Example Operator" }""",
            """{ "name": "Example Operator", "logo": { "url": "https://example.com/logo.png", "category": "OPERATOR", "type": "png", "width": 1234567 } }"""));

        result.Errors.ShouldHaveSingleItem().ToString().ShouldBe("roles[0].business_details.logo.width: has more than 5 digits");
    }

    [Fact]
    public void an_empty_roles_list_is_refused() =>
        Validate(Valid[..Valid.IndexOf("\"roles\"", StringComparison.Ordinal)] + "\"roles\": [] }")
            .Describe().ShouldBe("roles: must contain at least one element");

    [Fact]
    public void a_hub_party_id_longer_than_five_characters_is_refused() =>
        Validate(Valid.Replace("NLHUB", "NLHUB1")).Describe().ShouldBe("hub_party_id: too long (6 characters, max 5)");

    [Fact]
    public void the_removed_hub_role_is_refused_listing_the_allowed_roles() =>
        Validate(Valid.Replace("\"EMSP\"", "\"HUB\"")).Describe()
            .ShouldBe("roles[1].role: 'HUB' is not a valid Role (allowed: CPO, EMSP, NAP, NSP, OTHER, SCSP)");

    [Fact]
    public void a_token_with_whitespace_is_refused() =>
        Validate(Valid.Replace("ebf3b399-779f", "ebf3b399 779f")).Errors.ShouldHaveSingleItem().Path.ShouldBe("token");

    [Fact]
    public void an_empty_object_reports_every_required_field() =>
        Validate("{}").Describe().ShouldBe("token: required field is missing; url: required field is missing; roles: required field is missing");
}
