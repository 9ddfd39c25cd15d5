using System.Text.Json.Nodes;
using Ocpi.Protocol.Credentials;
using CredentialsObject = Ocpi.Protocol.Credentials.Credentials;

namespace Ocpi.Protocol.Tests.Examples;

/// <summary>credentials_example*.json: Credentials objects (data only).</summary>
public sealed class CredentialsExamplesTests
{
    public static readonly string[] Files =
        ["credentials_example.json", "credentials_example2.json", "credentials_example3.json", "credentials_example4.json"];

    public static TheoryData<string> FileNames => new(Files);

    [Fact]
    public void every_credentials_example_of_the_spec_is_covered()
    {
        SpecExample.Matching("credentials_example*.json").ShouldBe(Files, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void the_example_is_valid_credentials(string fileName)
    {
        var result = CredentialsSchemas.Credentials.Validate(TestJson.Parse(SpecExample.Text(fileName)));

        result.IsValid.ShouldBeTrue(result.Describe());
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void the_example_round_trips_through_the_typed_record(string fileName)
    {
        TestJson.ShouldRoundTrip<CredentialsObject>(SpecExample.Node(fileName));
    }

    [Fact]
    public void the_full_business_details_example_is_read_into_the_record()
    {
        var credentials = TestJson.ShouldRoundTrip<CredentialsObject>(SpecExample.Node("credentials_example3.json"));

        credentials.Token.ShouldBe("9e80ae10-28be-11e9-b210-d663bd873d93");
        credentials.HubPartyId.ShouldBeNull();
        var role = credentials.Roles.ShouldHaveSingleItem();
        role.Role.ShouldBe(Role.CPO);
        role.CountryCode.ShouldBe("NL");
        role.PartyId.ShouldBe("EXA");
        role.BusinessDetails.ShouldBe(new BusinessDetails("Example Operator", "http://example.com",
            new Image("https://example.com/img/logo.jpg", "OPERATOR", "jpeg", "https://example.com/img/logo_thumb.jpg", 512, 512)));
    }

    [Fact]
    public void the_multi_party_example_keeps_every_role_in_order()
    {
        var credentials = TestJson.ShouldRoundTrip<CredentialsObject>(SpecExample.Node("credentials_example4.json"));

        credentials.Roles.Select(r => (r.Role, r.PartyId)).ShouldBe([(Role.CPO, "EXO"), (Role.CPO, "PFC"), (Role.CPO, "CGP")]);
    }

    [Fact]
    public void hub_party_id_round_trips_when_present()
    {
        var node = SpecExample.Node("credentials_example.json");
        node["hub_party_id"] = "NLHUB";

        CredentialsSchemas.Credentials.Validate(TestJson.Parse(node.ToJsonString())).IsValid.ShouldBeTrue();
        TestJson.ShouldRoundTrip<CredentialsObject>(node).HubPartyId.ShouldBe("NLHUB");
    }
}
