using System.Collections.Concurrent;
using Marten;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Hub;

/// <summary>One party (in one role) a Hub reported through ClientInfo, with its last reported status.</summary>
public sealed record HubParty(PartyRef Party, string Role, string Status)
{
    /// <summary>
    /// Whether the Hub may write on this party's behalf: every reported status but SUSPENDED. OFFLINE and PLANNED parties
    /// still own objects a Hub may forward late (a CDR queued while the link was down); SUSPENDED means the Hub itself
    /// cut the party off, so nothing more arrives from it.
    /// </summary>
    public bool MayWrite => Status != "SUSPENDED";
}

/// <summary>
/// The parties behind each Hub partner, from the Hub parties view, kept in memory because an inbound request of a Hub
/// needs them before it is authorised. Only Hubs (hub_party_id in their credentials) are ever looked up, so a direct
/// partner's request costs nothing. An entry is fresh for the partner cache's lifetime (Emsp:Authorization:PartnerCacheLifetime):
/// a ClientInfo stored on another node takes effect here within that time; one stored on this node drops the entry at
/// once (<see cref="Forget"/>). A refresh that cannot reach the database keeps serving the entry it had.
/// </summary>
public sealed class HubDirectory(IDocumentStore store, PartnerAuthenticationCache partnerCache, TimeProvider clock, ILogger<HubDirectory> log)
{
    private readonly ConcurrentDictionary<string, Entry> _byHub = new();
    private long _generation;

    public async ValueTask<IReadOnlyList<HubParty>> PartiesAsync(string hubPartnerId, CancellationToken ct)
    {
        var held = _byHub.TryGetValue(hubPartnerId, out var entry) ? entry : null;
        if (held is not null && held.FreshUntil > clock.GetUtcNow()) return held.Parties;
        var generation = Interlocked.Read(ref _generation);
        try
        {
            await using var session = store.QuerySession();
            var views = await session.Query<HubPartyView>().Where(v => v.HubPartnerId == hubPartnerId).ToListAsync(ct);
            var parties = views.Select(v => new HubParty(new PartyRef(v.CountryCode, v.PartyId), v.Role, v.Status)).ToList();
            if (Interlocked.Read(ref _generation) == generation)
                _byHub[hubPartnerId] = new Entry(parties, clock.GetUtcNow() + partnerCache.Lifetime);
            return parties;
        }
        catch (Exception e) when (e is not OperationCanceledException && held is not null)
        {
            log.LogWarning("Could not refresh the parties behind Hub {PartnerId} ({Error}); answering from memory", hubPartnerId, e.Message);
            _byHub[hubPartnerId] = held with { FreshUntil = clock.GetUtcNow() + partnerCache.RetryDelay };
            return held.Parties;
        }
    }

    /// <summary>
    /// The parties a partner may write for: its credentials roles, and for a Hub every party it reports except SUSPENDED
    /// ones (a party in its roles too: the Hub's report is the later word). A party reported in several roles is writable
    /// while any of them is.
    /// </summary>
    public async ValueTask<IReadOnlySet<PartyRef>> WritablePartiesAsync(Partner partner, CancellationToken ct)
    {
        var parties = partner.Parties.ToHashSet();
        if (partner.HubPartyId is null) return parties;
        foreach (var party in (await PartiesAsync(partner.Id, ct)).GroupBy(p => p.Party))
            if (party.Any(p => p.MayWrite)) parties.Add(party.Key);
            else parties.Remove(party.Key);
        return parties;
    }

    /// <summary>A ClientInfo of this Hub was stored on this node: the next request reads the view again.</summary>
    public void Forget(string hubPartnerId)
    {
        Interlocked.Increment(ref _generation);
        _byHub.TryRemove(hubPartnerId, out _);
    }

    private sealed record Entry(IReadOnlyList<HubParty> Parties, DateTimeOffset FreshUntil);
}
