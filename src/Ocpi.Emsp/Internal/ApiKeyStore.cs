using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Internal;

/// <summary>
/// The internal API key: <c>Emsp:ApiKey</c> when configured; otherwise generated on first start and printed once, with
/// only its SHA-256 stored in the database (document <see cref="ServiceSettings"/>). <c>api-key rotate</c> replaces the
/// stored hash; a running node reads it again every <see cref="RefreshInterval"/> (so an old key stops working within
/// that time) and at once when a presented key does not match (at most once per <see cref="ReloadOnMismatchAtMost"/>,
/// so wrong keys cannot hammer the database), so a new key works on every node as soon as it is printed.
/// </summary>
public sealed class ApiKeyStore(IOptions<EmspOptions> options, IDocumentStore store, TimeProvider clock, ILogger<ApiKeyStore> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReloadOnMismatchAtMost = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[]? _configured = string.IsNullOrWhiteSpace(options.Value.ApiKey) ? null : ApiKeyHash.Of(options.Value.ApiKey);
    private Loaded? _loaded;

    private sealed record Loaded(byte[] Hash, DateTimeOffset At);

    /// <summary>True when <paramref name="presented"/> is the current key.</summary>
    public async Task<bool> AcceptsAsync(string presented, CancellationToken ct)
    {
        if (presented.Length == 0) return false;
        var hash = ApiKeyHash.Of(presented);
        if (_configured is { } configured) return ApiKeyHash.Matches(hash, configured);

        var loaded = _loaded;
        if (loaded is null || clock.GetUtcNow() - loaded.At >= RefreshInterval) loaded = await ReloadAsync(loaded, ct);
        if (ApiKeyHash.Matches(hash, loaded.Hash)) return true;
        // Perhaps rotated by another process a moment ago.
        if (clock.GetUtcNow() - loaded.At < ReloadOnMismatchAtMost) return false;
        return ApiKeyHash.Matches(hash, (await ReloadAsync(loaded, ct)).Hash);
    }

    /// <summary>
    /// At start: generates and prints the key when none is stored, and turns a key stored in plain text (as earlier
    /// versions did) into its hash. Does nothing when <c>Emsp:ApiKey</c> is configured.
    /// </summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (_configured is not null) return;
        await ReloadAsync(_loaded, ct);
    }

    /// <summary>Stores a new key's hash in place of the current one and returns the key (its only appearance).</summary>
    public async Task<string> RotateAsync(CancellationToken ct)
    {
        var key = CredentialsTokens.Generate();
        await using var session = store.LightweightSession();
        var settings = await session.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId, ct)
                       ?? new ServiceSettings { CreatedAt = clock.GetUtcNow() };
        settings.ApiKey = "";
        settings.ApiKeyHash = ApiKeyHash.Hex(key);
        settings.RotatedAt = clock.GetUtcNow();
        session.Store(settings);
        await session.SaveChangesAsync(ct);
        _loaded = new Loaded(ApiKeyHash.Of(key), clock.GetUtcNow());
        logger.LogWarning("The internal API key was rotated: the previous key no longer works");
        return key;
    }

    /// <summary>True when <c>Emsp:ApiKey</c> is configured, which takes the place of the stored key.</summary>
    public bool IsConfigured => _configured is not null;

    private async Task<Loaded> ReloadAsync(Loaded? seen, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // Another caller reloaded while this one waited.
            if (!ReferenceEquals(_loaded, seen) && _loaded is not null) return _loaded;
            var hash = await LoadOrCreateAsync(ct);
            return _loaded = new Loaded(Convert.FromHexString(hash), clock.GetUtcNow());
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> LoadOrCreateAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var settings = await session.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId, ct);
        if (settings is { ApiKeyHash.Length: > 0 }) return settings.ApiKeyHash;
        if (settings is { ApiKey.Length: > 0 })
        {
            settings.ApiKeyHash = ApiKeyHash.Hex(settings.ApiKey);
            settings.ApiKey = "";
            session.Store(settings);
            await session.SaveChangesAsync(ct);
            logger.LogInformation("The stored internal API key is now kept as its SHA-256 hash; the key itself is unchanged");
            return settings.ApiKeyHash;
        }

        var key = CredentialsTokens.Generate();
        settings = new ServiceSettings { ApiKeyHash = ApiKeyHash.Hex(key), CreatedAt = clock.GetUtcNow() };
        session.Insert(settings);
        try
        {
            await session.SaveChangesAsync(ct);
            logger.LogWarning("Generated the internal API key (header X-Api-Key): {ApiKey} . Keep it; set Emsp:ApiKey to choose your own", key);
            return settings.ApiKeyHash;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Another node generated it at the same moment: use theirs.
            await using var again = store.QuerySession();
            return (await again.LoadAsync<ServiceSettings>(ServiceSettings.SingletonId, ct))!.ApiKeyHash;
        }
    }
}
