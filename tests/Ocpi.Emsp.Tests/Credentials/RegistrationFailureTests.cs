using System.Net;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Credentials;

/// <summary>Registration errors of credentials.asciidoc: 3001, 3002, 3003; token A stays valid after a failure.</summary>
public sealed class RegistrationFailureTests(CredentialsFixture emsp) : IClassFixture<CredentialsFixture>
{
    [Fact]
    public async Task cpo_whose_versions_cannot_be_read_gets_3001_and_token_a_stays_valid()
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();
        var credentialsUrl = $"{EmspFixture.PublicUrl}/ocpi/2.3.0/credentials";
        cpo.Down = true;

        var result = await cpo.CallEmspAsync(HttpMethod.Post, credentialsUrl, tokenA, cpo.OurCredentials("token-b-of-the-cpo"));

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(3001);
        result.StatusMessage!.ShouldContain(cpo.VersionsUrl);
        var partner = await emsp.LoadPartnerAsync(partnerId);
        partner!.Status.ShouldBe(PartnerStatus.Invited);
        partner.LastError.ShouldNotBeNull();
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, tokenA)).StatusCode.ShouldBe(1000);

        cpo.Down = false;
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA)).StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task cpo_without_version_2_3_0_gets_3002()
    {
        var cpo = await emsp.StartCpoAsync(new() { Party = EmspFixture.NextParty(), Versions = ["2.2.1"] });
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await cpo.SendCredentialsAsync(HttpMethod.Post, $"{EmspFixture.PublicUrl}/ocpi/2.3.0/credentials", tokenA);

        result.StatusCode.ShouldBe(3002);
        result.StatusMessage!.ShouldContain("2.2.1");
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Invited);
    }

    [Fact]
    public async Task cpo_offering_no_module_an_emsp_uses_gets_3003()
    {
        var cpo = await emsp.StartCpoAsync(new() { Party = EmspFixture.NextParty(), Modules = [("hubclientinfo", InterfaceRole.RECEIVER)] });
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);

        result.StatusCode.ShouldBe(3003);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Invited);
    }
}
