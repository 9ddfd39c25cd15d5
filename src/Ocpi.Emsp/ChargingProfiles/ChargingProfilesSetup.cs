using JasperFx.Events.Projections;
using Marten;

namespace Ocpi.Emsp.ChargingProfiles;

public static class ChargingProfilesSetup
{
    public static void AddEmspChargingProfiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ChargingProfileRequests>();
        builder.Services.AddSingleton<ChargingProfileSender>();
    }

    /// <summary>Inline: the result endpoint and the sender read the view as the next write's state.</summary>
    public static void AddChargingProfiles(this StoreOptions opts) =>
        opts.Projections.Add<ChargingProfileProjection>(ProjectionLifecycle.Inline);
}
