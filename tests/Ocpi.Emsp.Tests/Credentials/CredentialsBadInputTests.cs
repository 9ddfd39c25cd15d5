using System.Net;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Credentials;

/// <summary>
/// A registration POST with bad input: invalid JSON is HTTP 400; valid JSON that breaks the Credentials field table is
/// HTTP 200 with OCPI 2001 naming the field. Either way nothing is stored and token A stays valid.
/// </summary>
public sealed class CredentialsBadInputTests(CredentialsFixture emsp) : IClassFixture<CredentialsFixture>
{
    private const string CredentialsUrl = EmspFixture.PublicUrl + "/ocpi/2.3.0/credentials";

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "token: required field is missing" },
        { """{"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "token: too long" },
        { """{"token":"has space","url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "token: may contain only printable non-whitespace ASCII" },
        { """{"token":42,"url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "token: expected credentials token, got a number" },
        { """{"token":"abc","url":"not a url","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "url: must be an absolute http(s) URL" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","roles":[]}""", "roles: must contain at least one element" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","roles":"CPO"}""", "roles: expected a list of CredentialsRole" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","roles":[{"role":"HUB","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "roles[0].role: 'HUB' is not a valid Role" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABCD","country_code":"DE"}]}""", "roles[0].party_id: too long" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{},"party_id":"ABC","country_code":"DE"}]}""", "roles[0].business_details.name: required field is missing" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"},{"role":"CPO","business_details":{"name":"Y"},"party_id":"abc","country_code":"de"}]}""", "roles: CPO DE/ABC appears more than once" },
        { """{"token":"abc","url":"http://cpo.test/ocpi/versions","hub_party_id":"NLHUBX","roles":[{"role":"CPO","business_details":{"name":"X"},"party_id":"ABC","country_code":"DE"}]}""", "hub_party_id: too long" },
        { """["token"]""", "(body): expected Credentials, got an array" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task invalid_credentials_are_refused_with_2001_naming_the_field_and_nothing_is_stored(string body, string expectedMessage)
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Post, CredentialsUrl, tokenA, rawBody: body);

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(2001);
        result.StatusMessage!.ShouldContain(expectedMessage);
        (await emsp.EventTypesAsync(partnerId)).ShouldBe(["PartnerInvited"]);
        cpo.Requests.ShouldBeEmpty();
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, tokenA)).StatusCode.ShouldBe(1000);
    }

    [Theory]
    [InlineData("{\"token\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task a_body_that_is_not_json_is_refused_with_http_400_and_nothing_is_stored(string body)
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Post, CredentialsUrl, tokenA, rawBody: body);

        result.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        result.StatusCode.ShouldBe(2000);
        (await emsp.EventTypesAsync(partnerId)).ShouldBe(["PartnerInvited"]);
    }

    [Fact]
    public async Task unknown_fields_are_accepted()
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();
        var tokenB = cpo.IssueTokenForEmsp();
        var credentials = System.Text.Json.JsonSerializer.SerializeToNode(cpo.OurCredentials(tokenB), EmspFixture.Json)!.AsObject();
        credentials["future_field"] = "from a later OCPI version";
        credentials["roles"]![0]!["business_details"]!["extra"] = 1;

        var result = await cpo.CallEmspAsync(HttpMethod.Post, CredentialsUrl, tokenA, rawBody: credentials.ToJsonString());

        result.StatusCode.ShouldBe(1000);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Registered);
    }
}
