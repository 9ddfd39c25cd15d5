using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;

namespace Ocpi.Emsp.Storage;

/// <summary>
/// The events and views of several writes, sent as one batch of statements in one round trip: new streams, moved
/// stream versions, events, one upsert per view table, and the daemon's wake-up when an async projection consumes one
/// of the events. Without an explicit transaction PostgreSQL runs such a batch as one implicit transaction, committed
/// at its end: all of it is stored, or nothing (a failing statement rolls back the ones before it).
///
/// The rows are the ones Marten's quick append writes (mt_streams, mt_events with a sequence number from
/// mt_events_sequence, the timestamp from the database clock at the transaction's start), so Marten reads them back as
/// its own. A concurrent writer is caught by the database, not by a lock, and before any sequence number is taken
/// (a number taken by a transaction that rolls back is a gap, and the async daemon waits seconds at every gap): a new
/// stream that exists violates mt_streams' primary key; a stream another writer moved since it was read is not moved
/// by the conditional version update, and its statement then fails (<see cref="IsStaleStreamVersion"/>).
/// </summary>
internal sealed class EventAppendBatch(DirectEventStore store)
{
    private const string DefaultTenant = "*DEFAULT*";
    /// <summary>Starts the message of the error raised when a stream's version moved since it was read.</summary>
    private const string StaleVersionMarker = "stream version moved: ";
    private readonly List<(string Key, string Type, long Version)> _newStreams = [];
    private readonly List<(string Key, long Held, long Version)> _movedStreams = [];
    private readonly List<IEvent> _events = [];
    private readonly List<Func<NpgsqlBatchCommand>> _views = [];
    private readonly Dictionary<object, object> _viewRows = [];
    private bool _wakeDaemon;

    public int EventCount => _events.Count;

    /// <summary>Every event of the batch by stream, version and id: what tells whether a batch without an answer was committed.</summary>
    public StoredEventKeys EventKeys => new(
        _events.Select(e => e.StreamKey!).ToArray(), _events.Select(e => e.Version).ToArray(), _events.Select(e => e.Id).ToArray());

    /// <summary>
    /// The batch failed because a stream it moves was moved by another writer since it was read; nothing was stored,
    /// and no sequence number was taken.
    /// </summary>
    public static bool IsStaleStreamVersion(PostgresException e) =>
        e.SqlState == PostgresErrorCodes.InvalidTextRepresentation && e.MessageText.Contains(StaleVersionMarker, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="data"/> as the events that follow version <paramref name="heldVersion"/> of a stream (0: a new
    /// stream), with their metadata, for a projection to fold; nothing is added to the batch yet. Their timestamp here is
    /// the application's clock, for the fold only: the stored one is the database's (no inline view of a receiver
    /// reads it, so the views are the same either way).
    /// </summary>
    public IReadOnlyList<IEvent> Prepare(string streamKey, long heldVersion, IReadOnlyList<object> data, EventStamp stamp)
    {
        var now = DateTimeOffset.UtcNow;
        var prepared = new IEvent[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var type = store.EventTypeOf(data[i].GetType());
            var e = type.Wrap(data[i]);
            e.Id = Guid.CreateVersion7(now);
            e.StreamKey = streamKey;
            e.Version = heldVersion + i + 1;
            e.Timestamp = now;
            e.TenantId = DefaultTenant;
            e.EventTypeName = type.Name;
            e.DotNetTypeName = type.DotNetName;
            stamp.ApplyTo(e);
            prepared[i] = e;
        }
        return prepared;
    }

    /// <summary>Adds prepared events to the batch: the stream is created (held version 0) or moved to its new version.</summary>
    public void Append(string streamKey, Type viewType, long heldVersion, IReadOnlyList<IEvent> events)
    {
        var version = heldVersion + events.Count;
        if (heldVersion == 0) _newStreams.Add((streamKey, store.StreamTypeOf(viewType), version));
        else _movedStreams.Add((streamKey, heldVersion, version));
        foreach (var e in events)
        {
            _events.Add(e);
            _wakeDaemon |= store.WakingTypes.Contains(e.EventType);
        }
    }

    public void Store<TView>(StreamViewTable<TView> table, TView view, long version) where TView : class
    {
        if (!_viewRows.TryGetValue(table, out var rows))
        {
            var list = new List<(TView, long)>();
            _viewRows[table] = rows = list;
            _views.Add(() => table.UpsertCommand(list));
        }
        ((List<(TView, long)>)rows).Add((view, version));
    }

    public NpgsqlBatch Build(NpgsqlConnection connection)
    {
        var schema = store.Schema;
        var batch = new NpgsqlBatch(connection);
        if (_newStreams.Count > 0)
            batch.BatchCommands.Add(Command(
                $"insert into {schema}.mt_streams (id, type, version, timestamp, tenant_id) " +
                $"select s.id, s.type, s.version, now(), '{DefaultTenant}' from unnest($1::varchar[], $2::varchar[], $3::bigint[]) as s(id, type, version)",
                Array(NpgsqlDbType.Varchar, _newStreams.Select(s => s.Key)),
                Array(NpgsqlDbType.Varchar, _newStreams.Select(s => s.Type)),
                Array(NpgsqlDbType.Bigint, _newStreams.Select(s => s.Version))));
        if (_movedStreams.Count > 0)
            // Moves only the streams still at the version read; when one moved meanwhile, the cast of the error message
            // to int fails the statement (PostgreSQL has no RAISE outside PL/pgSQL), before the events insert. A
            // concurrent writer of the same stream holds its row lock until it commits; the update then re-reads the
            // row and sees the new version.
            batch.BatchCommands.Add(Command(
                "with expected as (select * from unnest($1::varchar[], $2::bigint[], $3::bigint[]) as m(id, held, version)), " +
                $"moved as (update {schema}.mt_streams as s set version = m.version, timestamp = now() " +
                "from expected as m where s.id = m.id and s.version = m.held returning s.id) " +
                "select case when (select count(*) from moved) = (select count(*) from expected) then 0 " +
                $"else ('{StaleVersionMarker}' || (select string_agg(m.id, ', ') from expected as m where m.id not in (select id from moved)))::int end",
                Array(NpgsqlDbType.Varchar, _movedStreams.Select(s => s.Key)),
                Array(NpgsqlDbType.Bigint, _movedStreams.Select(s => s.Held)),
                Array(NpgsqlDbType.Bigint, _movedStreams.Select(s => s.Version))));
        if (_events.Count > 0)
            // now(): the database's clock at the transaction's start, as Marten's quick append writes it; one clock for
            // every node, and a transaction that saw another's commit starts after it.
            batch.BatchCommands.Add(Command(
                $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, " +
                "is_archived, causation_id, correlation_id, headers) " +
                $"select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, e.version, e.data, e.type, '{DefaultTenant}', now(), " +
                "e.dotnet_type, false, e.causation_id, e.correlation_id, e.headers " +
                "from unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::jsonb[], $5::varchar[], $6::varchar[], " +
                "$7::varchar[], $8::varchar[], $9::jsonb[]) as e(id, stream_id, version, data, type, dotnet_type, causation_id, correlation_id, headers)",
                Array(NpgsqlDbType.Uuid, _events.Select(e => e.Id)),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.StreamKey!)),
                Array(NpgsqlDbType.Bigint, _events.Select(e => e.Version)),
                Array(NpgsqlDbType.Jsonb, _events.Select(e => store.Serializer.ToJson(e.Data))),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.EventTypeName)),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.DotNetTypeName)),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.CausationId)),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.CorrelationId)),
                Array(NpgsqlDbType.Jsonb, _events.Select(e => e.Headers is { Count: > 0 } h ? store.Serializer.ToJson(h) : null))));
        foreach (var view in _views) batch.BatchCommands.Add(view());
        if (_wakeDaemon) batch.BatchCommands.Add(new NpgsqlBatchCommand(AsyncDaemonWakeup.NotifySql));
        return batch;
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType type, IEnumerable<T> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values.ToArray() };
}
