using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Hosting.ApiPage;

/// <summary>GET / tells a newcomer where things are: JSON for curl, a small HTML page for a browser; never the key itself.</summary>
[Collection(ApiPageCollection.Name)]
public sealed class FrontDoorTests(EmspFixture emsp)
{
    [Fact]
    public async Task curl_gets_json_naming_the_versions_endpoint_api_page_documents_dashboard_health_and_how_to_get_the_key()
    {
        var client = emsp.Host.Server.CreateClient();

        var response = await client.GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain(EmspFixture.ApiKey);
        var links = JsonDocument.Parse(text).RootElement;

        links.GetProperty("ocpi_versions").GetString().ShouldBe(EmspFixture.VersionsUrl);
        links.GetProperty("api_key").GetString()!.ShouldContain("X-Api-Key");
        links.GetProperty("api_key").GetString()!.ShouldContain("Emsp:ApiKey");
        links.GetProperty("first_partner").GetString()!.ShouldContain("/api/partners/invitations");
        string[] publicLinks =
        [
            links.GetProperty("api_page").GetString()!,
            links.GetProperty("open_api").GetProperty("internal").GetString()!,
            links.GetProperty("open_api").GetProperty("ocpi").GetString()!,
            links.GetProperty("billing_dashboard").GetString()!,
            links.GetProperty("health").GetProperty("live").GetString()!,
            links.GetProperty("health").GetProperty("startup").GetString()!,
            links.GetProperty("health").GetProperty("ready").GetString()!,
        ];
        publicLinks.Select(l => new Uri(l).AbsolutePath)
            .ShouldBe(["/api/docs/", "/openapi/internal.json", "/openapi/ocpi.json", "/billing/", "/health/live", "/health/startup", "/health/ready"]);
        // Every link answers without a key: a newcomer can follow them all.
        foreach (var link in publicLinks)
            (await client.GetAsync(new Uri(link).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK, link);
    }

    [Fact]
    public async Task a_browser_gets_an_html_page_with_the_same_links()
    {
        var client = emsp.Host.Server.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/");
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"href=\"{json.GetProperty("api_page").GetString()}\"");
        html.ShouldContain($"href=\"{EmspFixture.VersionsUrl}\"");
        html.ShouldContain($"href=\"{json.GetProperty("billing_dashboard").GetString()}\"");
        html.ShouldContain("X-Api-Key");
        html.ShouldNotContain(EmspFixture.ApiKey);
    }
}
