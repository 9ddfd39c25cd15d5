using System.Net;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Credentials;

/// <summary>The handshake a CPO starts with our token A (credentials.asciidoc, "Registration").</summary>
public sealed class CpoRegistersWithUsTests(CredentialsFixture emsp) : IClassFixture<CredentialsFixture>
{
    [Fact]
    public async Task cpo_with_token_a_registers_and_receives_token_c_and_our_emsp_role()
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(1000);
        var tokenC = result.Data.GetProperty("token").GetString();
        tokenC.ShouldNotBeNullOrEmpty();
        tokenC.ShouldNotBe(tokenA);
        result.Data.GetProperty("url").GetString().ShouldBe(EmspFixture.VersionsUrl);
        var role = result.Data.GetProperty("roles")[0];
        role.GetProperty("role").GetString().ShouldBe("EMSP");
        role.GetProperty("country_code").GetString().ShouldBe("NL");
        role.GetProperty("party_id").GetString().ShouldBe("EMS");

        var partner = await emsp.LoadPartnerAsync(partnerId);
        partner!.Status.ShouldBe(PartnerStatus.Registered);
        partner.Direction.ShouldBe(RegistrationDirection.TheyRegisteredWithUs);
        partner.Roles.ShouldHaveSingleItem().PartyId.ShouldBe(cpo.Options.Party.PartyId);
        partner.VersionsUrl.ShouldBe(cpo.VersionsUrl);
        partner.Version.ShouldBe("2.3.0");
        partner.Endpoints.ShouldContain(e => e.Identifier == "tokens" && e.Url == $"{cpo.BaseUrl}/ocpi/2.3.0/tokens");
    }

    [Fact]
    public async Task during_the_post_we_call_the_cpo_versions_and_details_with_its_token_b_base64_encoded()
    {
        var cpo = await emsp.StartCpoAsync();
        var (_, tokenA) = await emsp.InviteAsync();

        await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);

        var calls = cpo.Requests.Where(r => r.Path.StartsWith("/ocpi/versions") || r.Path == "/ocpi/2.3.0").ToList();
        calls.Count.ShouldBe(2);
        foreach (var call in calls)
        {
            call.Header("Authorization").ShouldBe(CredentialsTokenHeader.Encode(cpo.TokenFromEmsp!));
            call.Header("X-Request-ID").ShouldNotBeNullOrEmpty();
            call.Header("X-Correlation-ID").ShouldNotBeNullOrEmpty();
            call.Header("OCPI-from-party-id").ShouldBeNull();
            call.Header("OCPI-to-party-id").ShouldBeNull();
        }
        calls[0].Header("X-Request-ID").ShouldNotBe(calls[1].Header("X-Request-ID"));
    }

    [Fact]
    public async Task token_a_stops_working_once_registration_completes_and_token_c_works()
    {
        var cpo = await emsp.StartCpoAsync();
        var (_, tokenA) = await emsp.InviteAsync();
        await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);

        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, tokenA)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        var withC = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, cpo.TokenForEmsp);
        withC.HttpStatus.ShouldBe(HttpStatusCode.OK);
        withC.StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task get_credentials_returns_our_credentials_with_the_token_the_caller_uses()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync(new() { Party = new("DE", "GC1") });

        var result = await cpo.CallEmspAsync(HttpMethod.Get, cpo.EmspEndpoint("credentials"), cpo.TokenForEmsp);

        result.StatusCode.ShouldBe(1000);
        result.Data.GetProperty("token").GetString().ShouldBe(cpo.TokenForEmsp);
        result.Data.GetProperty("url").GetString().ShouldBe(EmspFixture.VersionsUrl);
    }

    [Fact]
    public async Task get_credentials_also_works_with_token_a_before_registration()
    {
        var cpo = await emsp.StartCpoAsync();
        var (_, tokenA) = await emsp.InviteAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, $"{EmspFixture.PublicUrl}/ocpi/2.3.0/credentials", tokenA);

        result.StatusCode.ShouldBe(1000);
        result.Data.GetProperty("token").GetString().ShouldBe(tokenA);
    }

    [Fact]
    public async Task a_second_post_by_a_registered_cpo_is_refused_with_405()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync(new() { Party = new("DE", "TWO") });
        var before = await emsp.EventTypesAsync(partnerId);

        var result = await cpo.SendCredentialsAsync(HttpMethod.Post, cpo.EmspEndpoint("credentials"), cpo.TokenForEmsp!);

        result.HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await emsp.EventTypesAsync(partnerId)).ShouldBe(before);
    }

    [Fact]
    public async Task put_and_delete_with_token_a_are_refused_with_405()
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();
        var credentialsUrl = $"{EmspFixture.PublicUrl}/ocpi/2.3.0/credentials";

        (await cpo.CallEmspAsync(HttpMethod.Put, credentialsUrl, tokenA, cpo.OurCredentials("some-token")))
            .HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await cpo.CallEmspAsync(HttpMethod.Delete, credentialsUrl, tokenA)).HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Invited);
    }

    [Fact]
    public async Task a_party_already_registered_on_another_connection_cannot_register_again()
    {
        await emsp.RegisteredCpoAsync(new() { Party = new("BE", "DUP") });
        var impostor = await emsp.StartCpoAsync(new() { Party = new("be", "dup") });
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await impostor.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(2000);
        result.StatusMessage!.ShouldContain("already registered");
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Invited);
    }
}
