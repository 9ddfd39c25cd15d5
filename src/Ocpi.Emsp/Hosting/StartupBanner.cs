using Microsoft.Extensions.Options;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi;

namespace Ocpi.Emsp.Hosting;

/// <summary>Tells the operator, once started, where partners connect and how to invite one.</summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime, OcpiEndpointCatalog catalog, ApiKeyStore keys, IOptions<EmspOptions> options,
    ILogger<StartupBanner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await keys.EnsureAsync(ct);
        lifetime.ApplicationStarted.Register(() =>
        {
            var o = options.Value;
            logger.LogInformation("OCPI 2.3.0 eMSP {Party} ({Name}) is up. Versions endpoint: {VersionsUrl}",
                o.Party, o.Name, catalog.VersionsUrl);
            logger.LogInformation(
                "Invite a CPO: curl -X POST {BaseUrl}/api/partners/invitations -H 'X-Api-Key: <key>' -H 'Content-Type: application/json' -d '{{}}'" +
                " then give it the token_a and versions_url of the answer. OpenAPI: {BaseUrl}/openapi/internal.json",
                o.BaseUrl, o.BaseUrl);
            logger.LogInformation("Billing dashboard (asks for the same key): {BaseUrl}/billing", o.BaseUrl);
        });
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
