using System.Net;
using Ocpi.Emsp.Tests.Fuzz;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>Every answer under /ocpi carries the OCPI envelope, where no OCPI endpoint answered too (404, 405).</summary>
public sealed class UnmatchedRouteTests(TransportFixture emsp) : IClassFixture<TransportFixture>
{
    [Theory]
    [InlineData("GET", "/ocpi")]
    [InlineData("GET", "/ocpi/")]
    [InlineData("GET", "/ocpi/2.3.0/unknownmodule")]
    [InlineData("PUT", "/ocpi/2.2.1/locations/NL/TNM/LOC1")]
    [InlineData("GET", "/ocpi/2.3.0/locations/NL/TNM/LOC1/E1/C1/extra")]
    [InlineData("PUT", "/ocpi/2.3.0/sessions/NL/TNM/S1/extra")]
    [InlineData("GET", "/ocpi/2.3.0/sessions/NL//S1")]
    [InlineData("GET", "/ocpi/2.3.0/cdrs/NL/TNM/C1/extra")]
    public async Task an_ocpi_url_no_endpoint_matches_is_404_with_an_envelope(string method, string path)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();

        var answer = await RawOcpi.SendAsync(client, new HttpMethod(method), path, cpo.TokenForEmsp, method is "PUT" or "POST" ? "{}"u8.ToArray() : null);

        answer.Status.ShouldBe(HttpStatusCode.NotFound, answer.ToString());
        answer.IsEnvelope.ShouldBeTrue(answer.ToString());
        answer.StatusCode.ShouldBe(2000);
    }

    [Theory]
    [InlineData("DELETE", "/ocpi/2.3.0/sessions/NL/TNM/S1")]
    [InlineData("POST", "/ocpi/2.3.0/locations/NL/TNM/LOC1")]
    [InlineData("PATCH", "/ocpi/2.3.0/cdrs/NL/TNM/C1")]
    [InlineData("PUT", "/ocpi/versions")]
    public async Task a_method_an_ocpi_url_does_not_take_is_405_with_an_envelope(string method, string path)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();

        var answer = await RawOcpi.SendAsync(client, new HttpMethod(method), path, cpo.TokenForEmsp, method is "DELETE" ? null : "{}"u8.ToArray());

        answer.Status.ShouldBe(HttpStatusCode.MethodNotAllowed, answer.ToString());
        answer.IsEnvelope.ShouldBeTrue(answer.ToString());
        answer.StatusCode.ShouldBe(2000);
    }

    [Fact]
    public async Task urls_outside_ocpi_keep_their_plain_answers()
    {
        using var client = emsp.Host.Server.CreateClient();

        var answer = await RawOcpi.SendAsync(client, HttpMethod.Get, "/not-ocpi/anything", null, null);

        answer.Status.ShouldBe(HttpStatusCode.NotFound);
        answer.IsEnvelope.ShouldBeFalse();
    }
}
