using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Json;
using Weasel.Core;
using Wolverine.Marten;

namespace Ocpi.Emsp.Hosting;

public static class MartenSetup
{
    public const string SchemaName = "emsp";

    public static void AddEmspMarten(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not set.");

        builder.Services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = SchemaName;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase, o => OcpiJson.Configure(o));

                // One stream per OCPI object or partner, keyed by readable strings ("partner:p-1a2b3c").
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // Required with the DistributedLock bridge: upstream 1.3.1 cannot take multiplexed locks over a DbDataSource.
                opts.Events.UseAdvisoryLockTransaction = true;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;

                opts.Projections.Add<PartnerProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<PartnerActivityProjection>(ProjectionLifecycle.Async);
                opts.Schema.For<Partner>().Index(p => p.TokenHash).Index(p => p.PendingTokenHash);

                opts.Projections.Add<LocationProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<LocationView>()
                    .Index(l => l.PartnerId).Index(l => l.LastUpdated).Index(l => l.City).Index(l => l.Country)
                    .Index(l => l.CountryCode).Index(l => l.PartyId);
                opts.Schema.For<PartnerSecret>();
                opts.Schema.For<ServiceSettings>();
            })
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .IntegrateWithWolverine();
    }
}
