using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>A host started without Emsp:ApiKey: it generates one, stores it and reuses it.</summary>
public sealed class GeneratedApiKeyFixture : EmspFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Emsp:ApiKey", "");
}

public sealed class ServiceHostingTests(GeneratedApiKeyFixture emsp) : IClassFixture<GeneratedApiKeyFixture>
{
    [Fact]
    public async Task without_a_configured_key_one_is_generated_stored_as_its_hash_and_required()
    {
        await using var session = emsp.Store.QuerySession();
        var settings = await session.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId);
        settings.ShouldNotBeNull();
        settings.ApiKey.ShouldBeEmpty("the key itself is never stored");
        settings.ApiKeyHash.ShouldMatch("^[0-9a-f]{64}$");

        var client = emsp.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", EmspFixture.ApiKey);
        (await client.GetAsync("/api/partners")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_restarted_service_on_the_same_database_keeps_its_stored_key()
    {
        var key = await emsp.Host.Services.GetRequiredService<ApiKeyStore>().RotateAsync(CancellationToken.None);

        await using var restarted = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Marten", emsp.ConnectionString);
            b.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
            b.UseSetting("Emsp:ApiKey", "");
        });
        var client = restarted.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        (await client.GetAsync("/api/partners")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task health_endpoints_report_live_and_ready()
    {
        var client = emsp.Host.Server.CreateClient();

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task openapi_documents_describe_the_internal_api_and_the_ocpi_surface()
    {
        var client = emsp.Host.Server.CreateClient();

        var internalDoc = await client.GetFromJsonAsync<JsonElement>("/openapi/internal.json");
        var paths = internalDoc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/partners/invitations");
        paths.ShouldContain("/api/partners/registrations");
        paths.ShouldAllBe(p => p.StartsWith("/api/"));

        var ocpiDoc = await client.GetFromJsonAsync<JsonElement>("/openapi/ocpi.json");
        var ocpiPaths = ocpiDoc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        ocpiPaths.ShouldContain("/ocpi/versions");
        ocpiPaths.ShouldContain("/ocpi/2.3.0/credentials");
    }
}
