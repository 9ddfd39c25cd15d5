using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Internal;

/// <summary>Settings the service generates for itself and keeps in its database.</summary>
public sealed class ServiceSettings
{
    public const string SingletonId = "service";
    public string Id { get; set; } = SingletonId;
    public string ApiKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The internal API key: <c>Emsp:ApiKey</c> when configured; otherwise generated on first start, stored in the database
/// (document <see cref="ServiceSettings"/>) and printed once.
/// </summary>
public sealed class ApiKeyStore(IOptions<EmspOptions> options, IDocumentStore store, TimeProvider clock, ILogger<ApiKeyStore> logger,
    SecretConsole secrets)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _key;

    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (_key is not null) return _key;
        if (!string.IsNullOrWhiteSpace(options.Value.ApiKey)) return _key = options.Value.ApiKey;
        await _gate.WaitAsync(ct);
        try
        {
            if (_key is not null) return _key;
            await using var session = store.LightweightSession();
            var settings = await session.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId, ct);
            if (settings is null)
            {
                settings = new ServiceSettings { ApiKey = CredentialsTokens.Generate(), CreatedAt = clock.GetUtcNow() };
                session.Insert(settings);
                try
                {
                    await session.SaveChangesAsync(ct);
                    secrets.Show("Generated the internal API key (header X-Api-Key)", settings.ApiKey);
                    logger.LogWarning("Generated the internal API key (header X-Api-Key), shown once on standard error. Keep it; set Emsp:ApiKey to choose your own");
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // Another node generated it at the same moment: use theirs.
                    await using var again = store.QuerySession();
                    settings = (await again.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId, ct))!;
                }
            }
            return _key = settings.ApiKey;
        }
        finally
        {
            _gate.Release();
        }
    }
}
