using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Emsp.Tokens.Push;

namespace Ocpi.Emsp.Telemetry;

/// <summary>
/// Gauges of state held in the database: async projection lag, outbox depth, token push lag per CPO, pull sync status.
/// A collection reports the last values read and, when they are older than Emsp:Telemetry:GaugeRefreshInterval, starts
/// one refresh in the background (a few small queries): a storm of scrapes costs no query each, and nobody scraping
/// costs none. Ages (seconds since) are computed at collection, from the instants read.
/// </summary>
public sealed class OperationalGauges : IHostedService
{
    private readonly IDocumentStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<OperationalGauges> _log;
    private readonly TimeSpan _interval;
    private volatile GaugeSnapshot _snapshot = GaugeSnapshot.Empty;
    private long _readAtTicks;
    private int _refreshing;
    private string? _envelopeSchema;

    public OperationalGauges(EmspMetrics metrics, IDocumentStore store, IOptions<TelemetryOptions> options, TimeProvider clock,
        ILogger<OperationalGauges> log)
    {
        _store = store;
        _clock = clock;
        _log = log;
        _interval = options.Value.GaugeRefreshInterval;
        var meter = metrics.Meter ?? throw new InvalidOperationException("Gauges are registered only when telemetry is on");
        meter.CreateObservableGauge("emsp.projection.lag", () => Read().ProjectionLag, "{event}",
            "Events an async projection is behind the event store's high-water mark, by projection (shard).");
        meter.CreateObservableGauge("emsp.outbox.depth", () => Read().OutboxDepth, "{envelope}",
            "Messages waiting in Wolverine's durable storage: table=outgoing (to send), table=incoming (local queues: token pushes, pulls; handled ones excluded).");
        meter.CreateObservableGauge("emsp.token_push.lag", () => Ages(Read().TokenLaggingSince), "s",
            "Seconds since a CPO's token copies fell behind ours (0 when in sync), by partner.");
        meter.CreateObservableGauge("emsp.token_push.in_sync", () => Read().TokenInSync, null,
            "1 when a CPO's token copies are in sync with ours, else 0, by partner.");
        meter.CreateObservableGauge("emsp.pull.last_success.age", () => Ages(Read().PullLastSuccess), "s",
            "Seconds since the last completed pull run, by partner and module (absent before the first).");
        meter.CreateObservableGauge("emsp.pull.failing", () => Read().PullFailing, null,
            "1 when the last pull run of a partner's module stopped on an error (it resumes at the next run), else 0.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private GaugeSnapshot Read()
    {
        if (_clock.GetUtcNow().UtcTicks - Volatile.Read(ref _readAtTicks) >= _interval.Ticks && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            _ = Task.Run(RefreshAsync);
        return _snapshot;
    }

    private IEnumerable<Measurement<double>> Ages(IReadOnlyList<(DateTimeOffset? Since, KeyValuePair<string, object?>[] Tags)> instants)
    {
        var now = _clock.GetUtcNow();
        return instants.Select(i => new Measurement<double>(i.Since is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0, i.Tags));
    }

    private async Task RefreshAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _snapshot = await ReadSnapshotAsync(timeout.Token);
            Volatile.Write(ref _readAtTicks, _clock.GetUtcNow().UtcTicks);
        }
        catch (Exception e)
        {
            // The database is away: the last values stay, and the next collection tries again (no faster than the interval).
            Volatile.Write(ref _readAtTicks, _clock.GetUtcNow().UtcTicks);
            _log.LogDebug("Telemetry gauges not refreshed: {Reason}", e.Message);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<GaugeSnapshot> ReadSnapshotAsync(CancellationToken ct)
    {
        var schema = _store.Options.Events.DatabaseSchemaName;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var progression = new Dictionary<string, long>();
        await using (var command = new NpgsqlCommand($"select name, last_seq_id from {schema}.mt_event_progression", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) progression[reader.GetString(0)] = reader.GetInt64(1);
        var highWaterMark = progression.GetValueOrDefault("HighWaterMark");
        // Projections and subscriptions are "Name:Shard"; the other rows are the daemon's own bookkeeping.
        var lag = progression.Where(p => p.Key.Contains(':'))
            .Select(p => new Measurement<long>(Math.Max(0, highWaterMark - p.Value), new KeyValuePair<string, object?>("projection", p.Key)))
            .ToList();

        _envelopeSchema ??= await EnvelopeSchemaAsync(connection, schema, ct);
        var outbox = new List<Measurement<long>>(2);
        if (_envelopeSchema is { } envelopes)
        {
            outbox.Add(new(await CountAsync(connection, $"select count(*) from {envelopes}.wolverine_outgoing_envelopes", ct),
                new KeyValuePair<string, object?>("table", "outgoing")));
            outbox.Add(new(await CountAsync(connection, $"select count(*) from {envelopes}.wolverine_incoming_envelopes where status <> 'Handled'", ct),
                new KeyValuePair<string, object?>("table", "incoming")));
        }

        await using var session = _store.QuerySession();
        var partners = (await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered).ToListAsync(ct))
            .ToDictionary(p => p.Id);
        var syncs = (await session.Query<TokenSyncStatus>().ToListAsync(ct)).ToDictionary(s => s.Id);
        var lagging = new List<(DateTimeOffset?, KeyValuePair<string, object?>[])>();
        var inSync = new List<Measurement<int>>();
        foreach (var partner in partners.Values.Where(p => TokenPusher.TokensEndpoint(p) is not null))
        {
            var tags = new[] { new KeyValuePair<string, object?>("partner", EmspMetrics.Label(partner)) };
            var status = syncs.GetValueOrDefault(partner.Id);
            var synced = status is { InSync: true };
            lagging.Add((synced ? null : status?.LaggingSince ?? partner.RegisteredAt ?? partner.CreatedAt, tags));
            inSync.Add(new(synced ? 1 : 0, tags));
        }

        var lastSuccess = new List<(DateTimeOffset?, KeyValuePair<string, object?>[])>();
        var failing = new List<Measurement<int>>();
        foreach (var cursor in await session.Query<PullCursor>().ToListAsync(ct))
        {
            if (!partners.TryGetValue(cursor.PartnerId, out var partner)) continue;
            var tags = new[] { new KeyValuePair<string, object?>("partner", EmspMetrics.Label(partner)), new("module", cursor.Module) };
            if (cursor.LastRunEndedAt is { } ended) lastSuccess.Add((ended, tags));
            failing.Add(new(cursor.LastErrorAt is { } error && (cursor.LastRunEndedAt is null || error > cursor.LastRunEndedAt) ? 1 : 0, tags));
        }
        return new GaugeSnapshot(lag, outbox, lagging, inSync, lastSuccess, failing);
    }

    /// <summary>Wolverine's tables: in the store's schema when integrated with Marten, else wherever they were created.</summary>
    private static async Task<string?> EnvelopeSchemaAsync(NpgsqlConnection connection, string preferred, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select table_schema from information_schema.tables where table_name = 'wolverine_outgoing_envelopes' " +
            "order by table_schema = @preferred desc, table_schema limit 1", connection);
        command.Parameters.AddWithValue("preferred", preferred);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    private sealed record GaugeSnapshot(
        IReadOnlyList<Measurement<long>> ProjectionLag,
        IReadOnlyList<Measurement<long>> OutboxDepth,
        IReadOnlyList<(DateTimeOffset? Since, KeyValuePair<string, object?>[] Tags)> TokenLaggingSince,
        IReadOnlyList<Measurement<int>> TokenInSync,
        IReadOnlyList<(DateTimeOffset? Since, KeyValuePair<string, object?>[] Tags)> PullLastSuccess,
        IReadOnlyList<Measurement<int>> PullFailing)
    {
        public static GaugeSnapshot Empty { get; } = new([], [], [], [], [], []);
    }
}
