using JasperFx.Events.Projections;
using Marten;
using Ocpi.Protocol.HubClientInfo;

namespace Ocpi.Emsp.Hub;

public static class HubSetup
{
    /// <summary>The Hub's parties view, inline: the next ClientInfo and every command request read it.</summary>
    public static void AddHubParties(this StoreOptions opts)
    {
        opts.Projections.Add<HubPartyProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<HubPartyView>().Duplicate(v => v.HubPartnerId).Duplicate(v => v.PartyKey).Duplicate(v => v.Status);
    }

    /// <summary>
    /// Why a request to this party through this Hub can only fail: the Hub reports it OFFLINE, PLANNED or SUSPENDED in its
    /// role. Null when it is CONNECTED or the Hub never reported it (a direct connection has no Hub to ask).
    /// </summary>
    public static async Task<HubPartyView?> UnreachableAsync(IQuerySession session, string hubPartnerId, string countryCode,
        string partyId, string role, CancellationToken ct)
    {
        var held = await session.LoadAsync<HubPartyView>(HubPartyView.StreamKey(hubPartnerId, countryCode, partyId, role), ct);
        return held is { Status: not HubClientInfoSchemas.Connected } ? held : null;
    }
}
