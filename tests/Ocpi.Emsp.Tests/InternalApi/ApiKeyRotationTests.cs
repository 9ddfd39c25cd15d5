using System.Net;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Tests.CommandLine;
using Ocpi.Emsp.Tests.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>
/// The stored internal API key (no <c>Emsp:ApiKey</c>): kept as its SHA-256 hash, migrated from the plain text of earlier
/// versions at start, and replaced by <c>api-key rotate</c> on every node sharing the database.
/// </summary>
public sealed class ApiKeyRotationTests(GeneratedApiKeyFixture emsp) : IClassFixture<GeneratedApiKeyFixture>
{
    [Fact]
    public async Task a_key_stored_in_plain_text_is_kept_as_its_hash_after_a_start_and_still_opens_the_api()
    {
        const string legacyKey = "plain-key-stored-by-an-earlier-version";
        await using (var session = emsp.Store.LightweightSession())
        {
            session.Store(new ServiceSettings { ApiKey = legacyKey, CreatedAt = DateTimeOffset.UtcNow });
            await session.SaveChangesAsync();
        }

        await using var restarted = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Marten", emsp.ConnectionString);
            b.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
            b.UseSetting("Emsp:ApiKey", "");
        });

        await using (var session = emsp.Store.QuerySession())
        {
            var stored = (await session.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId))!;
            stored.ApiKey.ShouldBeEmpty();
            stored.ApiKeyHash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("plain-key-stored-by-an-earlier-version"u8)));
        }
        (await GetPartnersAsync(restarted, legacyKey)).ShouldBe(HttpStatusCode.OK);
        (await GetPartnersAsync(restarted, legacyKey + "x")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task api_key_rotate_prints_a_new_key_that_a_running_node_accepts_while_the_old_one_stops_working()
    {
        var oldKey = await emsp.Host.Services.GetRequiredService<ApiKeyStore>().RotateAsync(CancellationToken.None);
        (await GetPartnersAsync(emsp.Host, oldKey)).ShouldBe(HttpStatusCode.OK);

        var run = await CommandProcess.RunAsync(
            TestPostgres.CreateScratchDirectory("cli-rotate"), "api-key", "rotate", "--ConnectionStrings:Marten=" + emsp.ConnectionString);

        run.ExitCode.ShouldBe(0, run.ToString());
        var newKey = run.Output.Trim();
        newKey.ShouldNotContain("\n", customMessage: "standard output holds the key alone");
        newKey.Length.ShouldBeGreaterThanOrEqualTo(32);
        newKey.ShouldNotBe(oldKey);
        run.Errors.ShouldNotContain(newKey, customMessage: "the key is printed once, on standard output");
        await Eventually.HoldsAsync(async () => await GetPartnersAsync(emsp.Host, newKey) == HttpStatusCode.OK,
            "the running node accepts the new key");
        await Eventually.HoldsAsync(async () => await GetPartnersAsync(emsp.Host, oldKey) == HttpStatusCode.Unauthorized,
            "the running node refuses the old key", ApiKeyStore.RefreshInterval * 3);
        await using var session = emsp.Store.QuerySession();
        var stored = (await session.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId))!;
        stored.ApiKeyHash.ShouldBe(ApiKeyHash.Hex(newKey));
        stored.ApiKey.ShouldBeEmpty();
    }

    [Fact]
    public async Task api_key_rotate_is_refused_when_the_key_is_configured()
    {
        await using var configured = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Marten", emsp.ConnectionString);
            b.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
            b.UseSetting("Emsp:ApiKey", "configured-key-0123456789");
        });
        var output = new StringWriter();

        var exitCode = await ApiKeyRotateCommand.RunAsync(configured.Services, output, new StringWriter());

        exitCode.ShouldBe(2);
        output.ToString().ShouldBeEmpty();
        (await GetPartnersAsync(configured, "configured-key-0123456789")).ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<HttpStatusCode> GetPartnersAsync(IAlbaHost host, string key)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return (await client.GetAsync("/api/partners")).StatusCode;
    }
}
