using System.Collections.Concurrent;
using Marten;
using Marten.Services;

namespace Ocpi.Emsp.Partners;

/// <summary>
/// Keeps recent token-hash → partner lookups in memory, so authenticating an OCPI request usually costs no database
/// round trip. Any commit on this node that touches a partner stream clears it at once; entries also expire after a few
/// seconds so that a change made on another node (a rotation, an unregistration) takes effect everywhere quickly.
/// While the database cannot be reached, expired entries are still used.
/// </summary>
public sealed class PartnerAuthenticationCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (Partner? Partner, DateTimeOffset Expires)> _byTokenHash = new();

    public bool TryGet(string tokenHash, out Partner? partner)
    {
        partner = null;
        if (!_byTokenHash.TryGetValue(tokenHash, out var entry) || entry.Expires <= clock.GetUtcNow()) return false;
        partner = entry.Partner;
        return true;
    }

    /// <summary>The last lookup even when it has expired: only for when the database cannot be asked.</summary>
    public bool TryGetExpired(string tokenHash, out Partner? partner)
    {
        partner = null;
        if (!_byTokenHash.TryGetValue(tokenHash, out var entry)) return false;
        partner = entry.Partner;
        return true;
    }

    public void Remember(string tokenHash, Partner? partner) => _byTokenHash[tokenHash] = (partner, clock.GetUtcNow() + Lifetime);

    public void Clear() => _byTokenHash.Clear();
}

/// <summary>Clears the cache after any commit that appended to a partner stream (stream keys "p-...").</summary>
public sealed class PartnerCacheInvalidator(PartnerAuthenticationCache cache) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any(e => e.StreamKey?.StartsWith("p-", StringComparison.Ordinal) == true)) cache.Clear();
        return Task.CompletedTask;
    }
}
