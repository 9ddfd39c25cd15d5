using System.Net;
using System.Text.RegularExpressions;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>Envelope, DateTime format, X-Request-ID / X-Correlation-ID, routing headers and fault handling.</summary>
public sealed partial class EnvelopeAndHeaderTests(TransportFixture emsp) : IClassFixture<TransportFixture>
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")]
    private static partial Regex OcpiUtcDateTime();

    [Fact]
    public async Task every_answer_is_an_envelope_with_a_utc_timestamp_of_at_most_25_characters()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, cpo.TokenForEmsp);

        var envelope = result.Envelope!.Value;
        envelope.GetProperty("status_code").GetInt32().ShouldBe(1000);
        envelope.GetProperty("status_message").GetString().ShouldNotBeNull();
        var timestamp = envelope.GetProperty("timestamp").GetString()!;
        timestamp.Length.ShouldBeLessThanOrEqualTo(25);
        OcpiUtcDateTime().IsMatch(timestamp).ShouldBeTrue(timestamp);
        result.Headers["Content-Type"].ShouldStartWith("application/json");
    }

    [Fact]
    public async Task request_and_correlation_ids_are_echoed()
    {
        var cpo = await emsp.StartCpoAsync();
        var headers = new Dictionary<string, string> { ["X-Request-ID"] = "req-123", ["X-Correlation-ID"] = "corr-456" };

        var unauthorized = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, "unknown", headers: headers);

        unauthorized.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        unauthorized.Headers["X-Request-ID"].ShouldBe("req-123");
        unauthorized.Headers["X-Correlation-ID"].ShouldBe("corr-456");
    }

    [Fact]
    public async Task missing_ids_are_generated_so_every_answer_carries_them()
    {
        var client = emsp.Host.Server.CreateClient();

        var response = await client.GetAsync("/ocpi/versions");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Guid.TryParse(response.Headers.GetValues("X-Request-ID").Single(), out _).ShouldBeTrue();
        Guid.TryParse(response.Headers.GetValues("X-Correlation-ID").Single(), out _).ShouldBeTrue();
    }

    [Fact]
    public async Task configuration_modules_carry_no_routing_headers()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, cpo.TokenForEmsp);

        result.Headers.Keys.ShouldNotContain(k => k.StartsWith("OCPI-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task functional_answers_swap_the_routing_headers()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var party = cpo.Options.Party;
        var headers = new Dictionary<string, string>
        {
            ["OCPI-from-country-code"] = party.CountryCode.ToLowerInvariant(),
            ["OCPI-from-party-id"] = party.PartyId.ToLowerInvariant(),
            ["OCPI-to-country-code"] = "NL",
            ["OCPI-to-party-id"] = "EMS",
        };

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", cpo.TokenForEmsp, headers: headers);

        result.StatusCode.ShouldBe(1000);
        result.Headers["OCPI-to-country-code"].ShouldBe(party.CountryCode.ToLowerInvariant());
        result.Headers["OCPI-to-party-id"].ShouldBe(party.PartyId.ToLowerInvariant());
        result.Headers["OCPI-from-country-code"].ShouldBe("NL");
        result.Headers["OCPI-from-party-id"].ShouldBe("EMS");
    }

    [Fact]
    public async Task without_routing_headers_a_single_party_connection_is_its_own_sender()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", cpo.TokenForEmsp);

        result.Data.GetProperty("from").GetString().ShouldBe(cpo.Options.Party.ToString());
        result.Headers["OCPI-to-party-id"].ShouldBe(cpo.Options.Party.PartyId);
    }

    [Fact]
    public async Task a_sender_party_outside_the_callers_roles_is_refused()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var headers = new Dictionary<string, string> { ["OCPI-from-country-code"] = "FR", ["OCPI-from-party-id"] = "ZZZ" };

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", cpo.TokenForEmsp, headers: headers);

        result.HttpStatus.ShouldBe(HttpStatusCode.Forbidden);
        result.StatusCode.ShouldBe(2001);
        result.StatusMessage!.ShouldContain("FR/ZZZ");
    }

    [Fact]
    public async Task a_receiver_party_that_is_not_us_is_refused()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var headers = new Dictionary<string, string> { ["OCPI-to-country-code"] = "BE", ["OCPI-to-party-id"] = "OTH" };

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", cpo.TokenForEmsp, headers: headers);

        result.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        result.StatusCode.ShouldBe(2001);
    }

    [Theory]
    [InlineData("OCPI-from-party-id", "TOOLONG")]
    [InlineData("OCPI-from-country-code", "N")]
    public async Task malformed_or_half_routing_headers_get_2001(string header, string value)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", cpo.TokenForEmsp,
            headers: new Dictionary<string, string> { [header] = value });

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(2001);
    }

    [Fact]
    public async Task a_hub_may_send_for_the_parties_it_lists_and_for_itself()
    {
        var reachable = EmspFixture.NextParty();
        var (hub, _) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions
        {
            Party = EmspFixture.NextParty(), ExtraParties = [reachable], HubPartyId = "NLHUB",
        });

        foreach (var (country, party) in new[] { (reachable.CountryCode, reachable.PartyId), ("NL", "HUB") })
        {
            var headers = new Dictionary<string, string> { ["OCPI-from-country-code"] = country, ["OCPI-from-party-id"] = party };
            var result = await hub.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", hub.TokenForEmsp, headers: headers);
            result.StatusCode.ShouldBe(1000);
            result.Data.GetProperty("from").GetString().ShouldBe($"{country}/{party}");
        }
        // A multi-party connection without headers leaves the sender open: modules then go by the URL's party.
        var open = await hub.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/routing", hub.TokenForEmsp);
        open.Data.TryGetProperty("from", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task a_server_fault_is_answered_with_3000_and_no_internals()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, TransportFixture.ProbeUrl + "/fault", cpo.TokenForEmsp);

        result.HttpStatus.ShouldBe(HttpStatusCode.InternalServerError);
        result.StatusCode.ShouldBe(3000);
        result.StatusMessage!.ShouldNotContain("secret");
        result.StatusMessage!.ShouldNotContain("Probe.cs");
        result.StatusMessage!.ShouldContain(result.Headers["X-Request-ID"]);
    }
}
