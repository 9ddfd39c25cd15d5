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
/// mt_events_sequence), so Marten reads them back as its own. A concurrent writer is caught by the database, not by a
/// lock: a new stream that exists violates mt_streams' primary key; an event at a version another writer took
/// violates mt_events' unique (stream_id, version).
/// </summary>
internal sealed class EventAppendBatch(DirectEventStore store)
{
    private const string DefaultTenant = "*DEFAULT*";
    private readonly List<(string Key, string Type, long Version)> _newStreams = [];
    private readonly List<(string Key, long Version)> _movedStreams = [];
    private readonly List<IEvent> _events = [];
    private readonly List<Func<NpgsqlBatchCommand>> _views = [];
    private readonly Dictionary<object, object> _viewRows = [];
    private bool _wakeDaemon;

    public int EventCount => _events.Count;

    /// <summary>
    /// <paramref name="data"/> as the events that follow version <paramref name="heldVersion"/> of a stream (0: a new
    /// stream), with their metadata, for a projection to fold; nothing is added to the batch yet.
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
        else _movedStreams.Add((streamKey, version));
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
            batch.BatchCommands.Add(Command(
                $"update {schema}.mt_streams as s set version = greatest(s.version, m.version), timestamp = now() " +
                "from unnest($1::varchar[], $2::bigint[]) as m(id, version) where s.id = m.id",
                Array(NpgsqlDbType.Varchar, _movedStreams.Select(s => s.Key)),
                Array(NpgsqlDbType.Bigint, _movedStreams.Select(s => s.Version))));
        if (_events.Count > 0)
            batch.BatchCommands.Add(Command(
                $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, " +
                "is_archived, causation_id, correlation_id, headers) " +
                $"select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, e.version, e.data, e.type, '{DefaultTenant}', e.timestamp, " +
                "e.dotnet_type, false, e.causation_id, e.correlation_id, e.headers " +
                "from unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::jsonb[], $5::varchar[], $6::timestamptz[], $7::varchar[], " +
                "$8::varchar[], $9::varchar[], $10::jsonb[]) as e(id, stream_id, version, data, type, timestamp, dotnet_type, causation_id, correlation_id, headers)",
                Array(NpgsqlDbType.Uuid, _events.Select(e => e.Id)),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.StreamKey!)),
                Array(NpgsqlDbType.Bigint, _events.Select(e => e.Version)),
                Array(NpgsqlDbType.Jsonb, _events.Select(e => store.Serializer.ToJson(e.Data))),
                Array(NpgsqlDbType.Varchar, _events.Select(e => e.EventTypeName)),
                Array(NpgsqlDbType.TimestampTz, _events.Select(e => e.Timestamp)),
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
