using JasperFx.Events.Projections;
using Marten;

namespace Ocpi.Emsp.Hub;

public static class HubSetup
{
    public static void AddEmspHub(this WebApplicationBuilder builder) => builder.Services.AddSingleton<HubDirectory>();

    /// <summary>The Hub's parties view, inline: the next ClientInfo and every command request read it.</summary>
    public static void AddHubParties(this StoreOptions opts)
    {
        opts.Projections.Add<HubPartyProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<HubPartyView>().Duplicate(v => v.HubPartnerId).Duplicate(v => v.PartyKey).Duplicate(v => v.Status);
    }
}
