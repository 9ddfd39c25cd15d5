using System.Net;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>The Authorization header rules of transport_and_format.asciidoc (401 cases, Base64 and raw tokens).</summary>
public sealed class AuthorizationHeaderTests(TransportFixture emsp) : IClassFixture<TransportFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Token ")]
    [InlineData("Bearer abc")]
    [InlineData("Token bm90LWEta25vd24tdG9rZW4=")]
    public async Task a_missing_malformed_or_unknown_token_gets_401_with_an_envelope(string? header)
    {
        var cpo = await emsp.StartCpoAsync();
        var headers = header is null ? null : new Dictionary<string, string> { ["Authorization"] = header };

        var result = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, token: null, headers: headers);

        result.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        result.StatusCode.ShouldBe(2000);
        result.StatusMessage.ShouldNotBeNullOrEmpty();
        result.Headers.ShouldContainKey("X-Request-ID");
        result.Headers.ShouldContainKey("X-Correlation-ID");
    }

    [Fact]
    public async Task token_a_is_refused_with_401_outside_versions_and_credentials()
    {
        var cpo = await emsp.StartCpoAsync();
        var (_, tokenA) = await emsp.InviteAsync();

        (await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl, tokenA)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, tokenA)).StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task the_token_of_a_registered_partner_opens_functional_modules()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl, cpo.TokenForEmsp);

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task a_legacy_peer_sending_the_raw_token_is_accepted()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions { Party = EmspFixture.NextParty(), SendRawToken = true });

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl, cpo.TokenForEmsp);

        result.StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task the_header_scheme_is_case_insensitive_and_the_token_itself_is_not()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(cpo.TokenForEmsp!));

        (await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl, null,
            headers: new Dictionary<string, string> { ["Authorization"] = "token " + encoded })).StatusCode.ShouldBe(1000);
        (await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl, null,
            headers: new Dictionary<string, string> { ["Authorization"] = "Token " + cpo.TokenForEmsp!.ToUpperInvariant() }))
            .HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
