using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Partners;

/// <summary>The handshake we start with a CPO's token A, and rotation and unregistration from our side.</summary>
public sealed class WeRegisterWithCpoTests(PartnersFixture emsp) : IClassFixture<PartnersFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Cpo, HttpResponseMessage Response)> RegisterAsync()
    {
        var cpo = await emsp.StartCpoAsync();
        var tokenA = cpo.IssueTokenA();
        var response = await emsp.InternalApi().PostAsJsonAsync("/api/partners/registrations",
            new { versions_url = cpo.VersionsUrl, token_a = tokenA, label = "direct" });
        return (cpo, response);
    }

    [Fact]
    public async Task we_register_with_a_cpo_using_its_token_a_and_keep_its_token_c()
    {
        var (cpo, response) = await RegisterAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var partner = await response.Content.ReadFromJsonAsync<JsonElement>();
        partner.GetProperty("status").GetString().ShouldBe("Registered");
        partner.GetProperty("direction").GetString().ShouldBe("WeRegisteredWithThem");
        partner.GetProperty("country_code").GetString().ShouldBe(cpo.Options.Party.CountryCode);
        partner.GetProperty("party_id").GetString().ShouldBe(cpo.Options.Party.PartyId);
        partner.GetProperty("role").GetString().ShouldBe("CPO");
        partner.GetProperty("version").GetString().ShouldBe("2.3.0");

        var post = cpo.Requests.Single(r => r.Method == "POST" && r.Path == "/ocpi/2.3.0/credentials");
        post.Header("OCPI-from-party-id").ShouldBeNull();
        var body = JsonDocument.Parse(post.Body).RootElement;
        body.GetProperty("url").GetString().ShouldBe(EmspFixture.VersionsUrl);
        body.GetProperty("roles")[0].GetProperty("role").GetString().ShouldBe("EMSP");
        // The CPO called our versions with the token B we sent, inside its handling of our POST.
        cpo.TokenForEmsp.ShouldBe(body.GetProperty("token").GetString());
        cpo.EmspEndpoints.ShouldContain(e => e.Identifier == "credentials");

        // From now on the CPO reaches us with token B, and the CPO's own token A is spent.
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task an_unreachable_cpo_gives_502_with_ocpi_status_3001_and_no_registered_partner()
    {
        var cpo = await emsp.StartCpoAsync();
        var tokenA = cpo.IssueTokenA();
        cpo.Down = true;

        var response = await emsp.InternalApi().PostAsJsonAsync("/api/partners/registrations",
            new { versions_url = cpo.VersionsUrl, token_a = tokenA });

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("ocpi_status_code").GetInt32().ShouldBe(3001);
        var partners = await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/partners");
        partners.EnumerateArray().ShouldNotContain(p => p.GetProperty("versions_url").GetString() == cpo.VersionsUrl);
    }

    [Fact]
    public async Task a_cpo_refusing_our_post_leaves_a_failed_registration_whose_token_b_is_withdrawn()
    {
        var cpo = await emsp.StartCpoAsync();
        var response = await emsp.InternalApi().PostAsJsonAsync("/api/partners/registrations",
            new { versions_url = cpo.VersionsUrl, token_a = "not-a-token-the-cpo-issued" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        cpo.Requests.ShouldContain(r => r.Path == "/ocpi/versions");
    }

    [Theory]
    [InlineData("""{"versions_url":"ftp://cpo.test/versions","token_a":"abc"}""", "versions_url")]
    [InlineData("""{"versions_url":"http://cpo.test/versions","token_a":"with space"}""", "token_a")]
    [InlineData("""{"token_a":"abc"}""", "versions_url")]
    public async Task invalid_registration_requests_are_refused_with_400_naming_the_field(string body, string field)
    {
        var response = await emsp.InternalApi().PostAsync("/api/partners/registrations",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(field);
    }

    [Fact]
    public async Task rotation_from_our_side_puts_new_credentials_and_switches_tokens_both_ways()
    {
        var (cpo, response) = await RegisterAsync();
        var partnerId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var oldTokenB = cpo.TokenForEmsp!;
        var oldTokenC = cpo.TokenFromEmsp!;
        cpo.ClearRequests();

        var rotated = await emsp.InternalApi().PostAsync($"/api/partners/{partnerId}/credentials/rotate", null);

        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var put = cpo.Requests.Single(r => r.Method == "PUT" && r.Path == "/ocpi/2.3.0/credentials");
        put.Header("Authorization").ShouldBe(CredentialsTokenHeader.Encode(oldTokenC));
        cpo.TokenForEmsp.ShouldNotBe(oldTokenB);
        cpo.TokenFromEmsp.ShouldNotBe(oldTokenC);
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, oldTokenB)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
        // We now present the new token C: the CPO's versions were re-read with it.
        cpo.Requests.Last(r => r.Path == "/ocpi/versions").Header("Authorization").ShouldBe(CredentialsTokenHeader.Encode(cpo.TokenFromEmsp!));
        (await emsp.EventTypesAsync(partnerId)).ShouldBe(
            ["RegistrationWithPartnerStarted", "PartnerRegistered", "CredentialsRotationStarted", "PartnerCredentialsUpdated"]);
    }

    [Fact]
    public async Task unregistering_from_our_side_deletes_our_credentials_at_the_cpo()
    {
        var (cpo, response) = await RegisterAsync();
        var partnerId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var tokenB = cpo.TokenForEmsp!;

        var deleted = await emsp.InternalApi().DeleteAsync($"/api/partners/{partnerId}");

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        cpo.Requests.ShouldContain(r => r.Method == "DELETE" && r.Path == "/ocpi/2.3.0/credentials");
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, tokenB)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Unregistered);
    }

    [Fact]
    public async Task unregistering_from_an_unreachable_cpo_needs_force()
    {
        var (cpo, response) = await RegisterAsync();
        var partnerId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        cpo.Down = true;

        (await emsp.InternalApi().DeleteAsync($"/api/partners/{partnerId}")).StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Registered);

        (await emsp.InternalApi().DeleteAsync($"/api/partners/{partnerId}?force=true")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Unregistered);
    }
}
