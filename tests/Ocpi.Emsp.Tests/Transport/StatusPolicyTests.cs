using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Transport;

public sealed class StatusPolicyFixture : EmspFixture;

/// <summary>
/// The one status policy, checked on every OCPI endpoint the service maps (found from its routing table, so a new
/// endpoint is covered without writing a test for it).
/// </summary>
public sealed partial class StatusPolicyTests(StatusPolicyFixture emsp) : IClassFixture<StatusPolicyFixture>
{
    private sealed record OcpiRoute(string Method, string Pattern, string ModuleId)
    {
        public bool IsConfiguration => ModuleId is "" or "credentials";
        public bool TakesBody => Method is "POST" or "PUT" or "PATCH" && !Pattern.Contains("{**");
        public override string ToString() => $"{Method} {Pattern}";
    }

    [GeneratedRegex(@"\{\*{0,2}([a-z_]+)\}")]
    private static partial Regex RouteParameter();

    private List<OcpiRoute> Routes() => emsp.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<OcpiModule>() is not null)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
            new OcpiRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<OcpiModule>()!.ModuleId)))
        .ToList();

    private static string UrlFor(OcpiRoute route, CpoSimulator.CpoSimulator cpo) => EmspFixture.PublicUrl + RouteParameter().Replace(route.Pattern, m =>
        m.Groups[1].Value switch
        {
            "country_code" => cpo.Options.Party.CountryCode,
            "party_id" => cpo.Options.Party.PartyId,
            _ => "UNKNOWN1",
        });

    [Fact]
    public void every_ocpi_module_we_implement_is_found_in_the_routing_table()
    {
        var routes = Routes();
        routes.Select(r => r.ModuleId).Distinct().Order().ShouldBe(["", "Booking", "cdrs", "chargingprofiles", "commands", "credentials", "hubclientinfo", "invoicereconciliation", "locations", "sessions", "tariffs", "tokens"]);
        routes.Count.ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task without_a_token_every_endpoint_answers_401_with_an_envelope_and_the_request_ids()
    {
        var cpo = await emsp.StartCpoAsync();
        foreach (var route in Routes())
        {
            var result = await cpo.CallEmspAsync(new HttpMethod(route.Method), UrlFor(route, cpo), token: null,
                headers: new Dictionary<string, string> { ["X-Request-ID"] = "policy-1", ["X-Correlation-ID"] = "policy-2" },
                rawBody: route.TakesBody ? "{}" : null);

            result.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized, route.ToString());
            result.StatusCode.ShouldBe(2000, route.ToString());
            result.Envelope!.Value.GetProperty("timestamp").GetString()!.ShouldEndWith("Z");
            result.Headers["X-Request-ID"].ShouldBe("policy-1", route.ToString());
            result.Headers["X-Correlation-ID"].ShouldBe("policy-2", route.ToString());
        }
    }

    [Fact]
    public async Task token_a_opens_only_versions_and_credentials()
    {
        var cpo = await emsp.StartCpoAsync();
        var (_, tokenA) = await emsp.InviteAsync();
        foreach (var route in Routes().Where(r => !r.IsConfiguration))
        {
            var result = await cpo.CallEmspAsync(new HttpMethod(route.Method), UrlFor(route, cpo), tokenA, rawBody: route.TakesBody ? "{}" : null);
            result.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized, route.ToString());
        }
    }

    [Fact]
    public async Task with_a_valid_token_invalid_json_is_400_and_valid_json_never_gets_an_http_error_but_2001()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        foreach (var route in Routes().Where(r => r.TakesBody && !r.IsConfiguration))
        {
            var url = UrlFor(route, cpo);
            var invalid = await cpo.CallEmspAsync(new HttpMethod(route.Method), url, cpo.TokenForEmsp, rawBody: "{\"id\": ");
            invalid.HttpStatus.ShouldBe(HttpStatusCode.BadRequest, route.ToString());
            invalid.Envelope.ShouldNotBeNull(route.ToString());

            var incomplete = await cpo.CallEmspAsync(new HttpMethod(route.Method), url, cpo.TokenForEmsp, rawBody: "{\"unknown_field\": 1}");
            incomplete.HttpStatus.ShouldBe(HttpStatusCode.OK, route.ToString());
            incomplete.StatusCode.ShouldBe(2001, route.ToString());
            incomplete.StatusMessage!.ShouldContain("required field is missing", Case.Insensitive, route.ToString());
        }
    }

    [Fact]
    public async Task a_get_of_an_unknown_object_is_404_with_an_envelope()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        foreach (var route in Routes().Where(r => r.Method == "GET" && r.Pattern.Contains("{party_id}")))
        {
            var result = await cpo.CallEmspAsync(HttpMethod.Get, UrlFor(route, cpo), cpo.TokenForEmsp);
            result.HttpStatus.ShouldBe(HttpStatusCode.NotFound, route.ToString());
            result.StatusCode!.Value.ShouldBeInRange(2000, 2999, route.ToString());
        }
    }
}
