using System.Net;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Credentials;

/// <summary>PUT (update, token rotation) and DELETE (unregister) started by the CPO.</summary>
public sealed class CpoUpdatesAndUnregistersTests(CredentialsFixture emsp) : IClassFixture<CredentialsFixture>
{
    [Fact]
    public async Task put_rotates_tokens_refetches_the_cpo_endpoints_and_retires_the_old_token()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var oldToken = cpo.TokenForEmsp!;
        cpo.Options.Modules.Add(("chargingprofiles", Protocol.Versions.InterfaceRole.RECEIVER));
        cpo.ClearRequests();

        var result = await cpo.UpdateCredentialsAsync();

        result.StatusCode.ShouldBe(1000);
        var newToken = cpo.TokenForEmsp!;
        newToken.ShouldNotBe(oldToken);
        cpo.Requests.Count(r => r.Path == "/ocpi/versions").ShouldBe(1);
        cpo.Requests.Count(r => r.Path == "/ocpi/2.3.0").ShouldBe(1);
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, oldToken)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, newToken)).StatusCode.ShouldBe(1000);

        var partner = await emsp.LoadPartnerAsync(partnerId);
        partner!.Endpoints.ShouldContain(e => e.Identifier == "chargingprofiles");
        (await emsp.EventTypesAsync(partnerId)).ShouldBe(["PartnerInvited", "PartnerRegistered", "PartnerCredentialsUpdated"]);
    }

    [Fact]
    public async Task a_failed_put_keeps_the_current_token_valid()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var token = cpo.TokenForEmsp!;
        cpo.Down = true;

        var result = await cpo.CallEmspAsync(HttpMethod.Put, cpo.EmspEndpoint("credentials"), token, cpo.OurCredentials("new-token-for-the-emsp"));

        result.StatusCode.ShouldBe(3001);
        cpo.Down = false;
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, token)).StatusCode.ShouldBe(1000);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Registered);
    }

    [Fact]
    public async Task delete_unregisters_and_the_token_stops_working()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var token = cpo.TokenForEmsp!;

        var result = await cpo.UnregisterAsync();

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(1000);
        result.Envelope!.Value.TryGetProperty("data", out _).ShouldBeFalse();
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, token)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        var partner = await emsp.LoadPartnerAsync(partnerId);
        partner!.Status.ShouldBe(PartnerStatus.Unregistered);
        (await emsp.EventTypesAsync(partnerId)).Last().ShouldBe("PartnerUnregistered");
    }

    [Fact]
    public async Task an_unregistered_party_can_be_invited_and_register_again()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await cpo.UnregisterAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();

        var result = await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);

        result.StatusCode.ShouldBe(1000);
        (await emsp.LoadPartnerAsync(partnerId))!.Status.ShouldBe(PartnerStatus.Registered);
    }
}
