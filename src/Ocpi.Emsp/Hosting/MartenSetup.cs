using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Billing;
using Ocpi.Emsp.Bookings.Locations;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Billing.Lines;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.ChargingProfiles;
using Ocpi.Emsp.Commands;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.InvoiceReconciliation;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Tokens;
using Ocpi.Emsp.Tokens.Push;
using Ocpi.Protocol.Json;
using Marten.Events.Daemon.HighWater;
using Npgsql;
using Weasel.Core;
using Wolverine.Marten;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Hosting;

public static class MartenSetup
{
    public const string SchemaName = "emsp";

    public static void AddEmspMarten(this WebApplicationBuilder builder)
    {
        static string Prepared(string connectionString) => DeadNodeDetection.Apply(WithAutoPrepare(connectionString));
        var configured = Prepared(builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not set."));
        var instance = ConnectionNames.NewInstance();
        var connectionString = ConnectionNames.Named(configured, "service", instance);

        // The same database by another route (e.g. a proxy in a fault test); the commit-outcome lookup ends a backend by
        // its process id, so this route must reach PostgreSQL directly, not through a pooler.
        var groupCommitConnectionString = ConnectionNames.Named(
            builder.Configuration.GetConnectionString("GroupCommit") is { Length: > 0 } groupCommit ? Prepared(groupCommit) : configured,
            "group commit", instance);
        builder.Services.AddSingleton(_ => new GroupCommitConnections(groupCommitConnectionString));
        builder.Services.AddSingleton(_ => new AuthorizationDecisionConnections(ConnectionNames.Named(configured, "authorization decisions", instance)));
        var billingZone = BillingTimeZone.From(builder.Configuration);
        builder.Services.AddSingleton(billingZone);
        builder.Services.AddSingleton(sp => new PartnerAuthenticationCache(sp.GetService<TimeProvider>() ?? TimeProvider.System,
            builder.Configuration.GetValue(PartnerAuthenticationCache.LifetimeKey, PartnerAuthenticationCache.DefaultLifetime)));
        builder.Services.AddSingleton(services => new PostgresqlListenWakeup(
            NpgsqlDataSource.Create(ConnectionNames.Named(configured, "daemon wakeup", instance)),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<PostgresqlListenWakeup>()));
        builder.Services.AddHostedService<DaemonWakeupShutdown>();
        builder.Services.AddMarten(services =>
            {
                var opts = new StoreOptions();
                opts.Listeners.Add(new PartnerCacheInvalidator(services.GetRequiredService<PartnerAuthenticationCache>()));
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = SchemaName;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase, o => OcpiJson.Configure(o));
                // Marten's own telemetry (source and meter "Marten"): session connection spans, events appended per type.
                if (Telemetry.TelemetrySetup.IsEnabled(builder.Configuration))
                {
                    opts.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                    opts.OpenTelemetry.TrackEventCounters();
                }

                // One stream per OCPI object or partner, keyed by readable strings ("partner:p-1a2b3c").
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // The daemon's leader locks are session-scoped, all on one connection per node (spelled out: the default
                // has changed between Marten versions). A transaction-scoped lock would keep one transaction per async
                // projection open for as long as the node leads: PostgreSQL's idle_in_transaction_session_timeout would end
                // it, and the daemon's sequence-gap detection has to rule such sessions out as writers.
                opts.Events.UseAdvisoryLockTransaction = false;
                // When a leader dies its lock ends with its session (see DeadNodeDetection); the other nodes try for the
                // locks every 2 s (Marten's default: 5 s), so another node projects again about 2.5 s after the kill.
                opts.Projections.LeadershipPollingTime = 2000;
                // The daemon wakes on NOTIFY instead of polling (250 ms to 1 s), sent only for events of async projections.
                opts.Projections.Wakeup = services.GetRequiredService<PostgresqlListenWakeup>();
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;

                opts.Projections.Add<PartnerProjection>(ProjectionLifecycle.Inline);
                var partnerActivity = new PartnerActivityProjection();
                opts.Projections.Add(partnerActivity, ProjectionLifecycle.Async);
                opts.Schema.For<Partner>().Index(p => p.TokenHash).Index(p => p.PendingTokenHash);

                // Views are indexed only on what the internal API filters and sorts by: every index costs every push.
                // Owner filters go by the stream key's prefix (the primary key), not by country_code/party_id.
                // Indexed fields are duplicated into plain columns: an index on a column costs PostgreSQL far less per
                // write than an index on a JSON expression (no jsonb lookup, no SQL cast function per row).
                opts.Projections.Add<LocationProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<LocationView>()
                    .Duplicate(l => l.PartnerId).Duplicate(l => l.LastUpdated).Duplicate(l => l.City).Duplicate(l => l.Country);
                opts.Projections.Add<SessionProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<SessionView>()
                    .Duplicate(s => s.PartnerId).Duplicate(s => s.Status).Duplicate(s => s.ContractId).Duplicate(s => s.TokenUid)
                    .Duplicate(s => s.StartDateTime).Duplicate(s => s.AuthorizationReference);
                opts.Projections.Add<TariffProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<TariffView>().Duplicate(t => t.PartnerId).Duplicate(t => t.LastUpdated);
                opts.Projections.Add<CdrProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<CdrView>()
                    .Duplicate(c => c.PartnerId).Duplicate(c => c.EndDateTime).Duplicate(c => c.ContractId).Duplicate(c => c.AuthorizationReference);
                opts.AddInvoiceReconciliation();
                opts.AddCommands();
                opts.AddHubParties();
                opts.AddChargingProfiles();
                opts.AddBookingLocations();
                opts.Projections.Add<TokenProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<TokenView>()
                    .Duplicate(t => t.LastUpdated).Duplicate(t => t.CreatedAt).Duplicate(t => t.ChangedAt).Duplicate(t => t.ContractId)
                    .IndexLastModified();
                // Live: a decision is one event, read back by aggregating its stream; no document is written per authorization.
                opts.Projections.Add<AuthorizationProjection>(ProjectionLifecycle.Live);
                opts.Schema.For<TokenSyncStatus>();
                opts.Schema.For<TokenDelivery>().Index(d => d.PartnerId).Index(d => d.TokenKey);
                var cdrTotals = new CpoDailyCdrTotalsProjection();
                opts.Projections.Add(cdrTotals, ProjectionLifecycle.Async);
                opts.Schema.For<CpoDailyCdrTotals>().Duplicate(t => t.Day).Duplicate(t => t.CountryCode).Duplicate(t => t.PartyId);
                // One line per CDR; its columns are what the billing API filters, sorts and totals by.
                var billingLines = new BillingLineProjection(billingZone);
                opts.Projections.Add(billingLines, ProjectionLifecycle.Async);
                opts.Schema.For<BillingLine>()
                    .Duplicate(l => l.EndDateTime).Duplicate(l => l.Month).Duplicate(l => l.BillingMonth).Duplicate(l => l.CountryCode)
                    .Duplicate(l => l.PartyId).Duplicate(l => l.LocationId).Duplicate(l => l.ContractId).Duplicate(l => l.Currency)
                    .Duplicate(l => l.Verdict);
                opts.Schema.For<PartnerSecret>();
                opts.Schema.For<PullCursor>();
                opts.Schema.For<ServiceSettings>();
                // The tamper-evidence chain's table, created and migrated with Marten's own (see AuditChainSealer).
                opts.Storage.ExtendedSchemaObjects.Add(AuditChainTable.Definition(SchemaName));
                var costChecks = opts.AddCostChecks(builder.Configuration, services);
                opts.Listeners.Add(new AsyncDaemonWakeup([.. partnerActivity.IncludedEventTypes, .. cdrTotals.IncludedEventTypes,
                    .. billingLines.IncludedEventTypes, .. costChecks]));
                return opts;
            })
            .UseLightweightSessions()
            // The whole schema at start-up, under Marten's migration lock: nodes starting together on a new database
            // wait for each other instead of racing to create the same table (PostgreSQL's CREATE TABLE IF NOT EXISTS
            // is not safe against a concurrent one), and no request or daemon batch pays for lazy DDL.
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .IntegrateWithWolverine();
        // After Marten's schema migration above: hosted services start in the order they are registered.
        builder.Services.AddHostedService<MartenSchemaCheck>();
    }

    /// <summary>
    /// Npgsql prepares statements it sees repeatedly (the same few appends and upserts serve every push): measured by the
    /// benchmark, about a third less database CPU per push. An operator's own setting in the connection string wins.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }
}
