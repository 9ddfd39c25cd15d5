using System.Collections.Concurrent;
using Marten;
using Marten.Services;

namespace Ocpi.Emsp.Partners;

/// <summary>
/// The last known answer of each token-hash → partner lookup, so that authenticating an OCPI request costs no database
/// round trip, and keeps costing none while the database cannot be reached, however long that lasts.
/// <list type="bullet">
/// <item>An entry is fresh for <see cref="Lifetime"/> (Emsp:Authorization:PartnerCacheLifetime, default 5 s). A partner
/// found before is served from memory after that too, while one lookup per entry refreshes it in the background: a change
/// written by another node (a rotation, an unregistration) takes effect here within the lifetime plus that lookup. A
/// refresh that cannot reach the database keeps the entry and is tried again <see cref="RetryDelay"/> later, so an
/// outage costs one waiting lookup per partner at a time, never a waiting request.</item>
/// <item>A commit on this node that touches a partner stream removes that partner's entries and every "no such partner"
/// entry at once (<see cref="PartnerCacheInvalidator"/>): a token revoked here stops working at the next request, and
/// is not served from memory even if the database goes away right after. A lookup that began before such a commit is
/// not remembered, since it may have read the partner as it was before.</item>
/// <item>A token never seen (or last seen unknown) is looked up while the request waits: there is nothing to serve.</item>
/// </list>
/// </summary>
public sealed class PartnerAuthenticationCache(TimeProvider clock, TimeSpan lifetime)
{
    public const string LifetimeKey = "Emsp:Authorization:PartnerCacheLifetime";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _byTokenHash = new();
    private readonly ConcurrentDictionary<string, byte> _refreshing = new();
    private long _generation;

    public TimeSpan Lifetime { get; } = lifetime;

    /// <summary>How long a refresh that failed waits before the next one (at most the lifetime).</summary>
    public TimeSpan RetryDelay => Lifetime < TimeSpan.FromSeconds(1) ? Lifetime : TimeSpan.FromSeconds(1);

    /// <summary>Changes whenever entries are removed; a lookup remembers its answer only if it has not changed since.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The last answer for these hashes, if any; <paramref name="fresh"/> tells whether it is still within its lifetime.</summary>
    public bool TryGet(string tokenHash, out Partner? partner, out bool fresh)
    {
        partner = null;
        fresh = false;
        if (!_byTokenHash.TryGetValue(tokenHash, out var entry)) return false;
        partner = entry.Partner;
        fresh = entry.RefreshAt > clock.GetUtcNow();
        return true;
    }

    /// <summary>Remembers a lookup's answer unless a partner changed on this node after <paramref name="generation"/>.</summary>
    public void Remember(string tokenHash, Partner? partner, long generation) =>
        Store(tokenHash, new Entry(partner, clock.GetUtcNow() + Lifetime), generation);

    /// <summary>A refresh failed: keep serving the entry, ask again after <see cref="RetryDelay"/>.</summary>
    /// <returns>True when the previous refresh of this entry had not failed (the first failure of an outage).</returns>
    public bool Postpone(string tokenHash, long generation)
    {
        if (!_byTokenHash.TryGetValue(tokenHash, out var entry)) return false;
        Store(tokenHash, entry with { RefreshAt = clock.GetUtcNow() + RetryDelay, Failing = true }, generation);
        return !entry.Failing;
    }

    /// <summary>True for the one caller that should refresh this entry now; it must call <see cref="EndRefresh"/>.</summary>
    public bool TryBeginRefresh(string tokenHash) => _refreshing.TryAdd(tokenHash, 0);

    public void EndRefresh(string tokenHash) => _refreshing.TryRemove(tokenHash, out _);

    /// <summary>Removes the entries of these partners and every "no such partner" entry.</summary>
    public void Forget(IReadOnlySet<string> partnerIds)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _byTokenHash)
            if (entry.Partner is null || partnerIds.Contains(entry.Partner.Id))
                _byTokenHash.TryRemove(new KeyValuePair<string, Entry>(key, entry));
    }

    private void Store(string tokenHash, Entry entry, long generation)
    {
        // Checked before and after the write: a Forget that ran in between may have missed the new entry, so it goes.
        if (Generation != generation) return;
        _byTokenHash[tokenHash] = entry;
        if (Generation != generation) _byTokenHash.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
    }

    private sealed record Entry(Partner? Partner, DateTimeOffset RefreshAt, bool Failing = false);
}

/// <summary>
/// After any commit on this node that appended to partner streams (stream keys "p-..."), removes those partners'
/// entries from the cache (and every "no such partner" entry, which a new partner or token may have made wrong).
/// </summary>
public sealed class PartnerCacheInvalidator(PartnerAuthenticationCache cache) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var partners = commit.GetEvents().Select(e => e.StreamKey).OfType<string>()
            .Where(k => k.StartsWith("p-", StringComparison.Ordinal)).ToHashSet();
        if (partners.Count > 0) cache.Forget(partners);
        return Task.CompletedTask;
    }
}
