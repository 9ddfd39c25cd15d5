using System.Data;
using System.Reflection;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace Ocpi.Emsp.Rebuild;

/// <summary>One stream's events, in version order.</summary>
internal sealed record StreamEvents(string Key, List<IEvent> Events);

/// <summary>
/// Reads every non-archived event of the given types, up to a sequence, in one query (by stream or by sequence, through
/// an index: no sort, no temporary files on the database server), and deserializes each with the store's own serializer.
/// </summary>
internal sealed class EventReader
{
    private readonly DocumentStore _store;
    private readonly Dictionary<string, (Type Type, Func<object, IEvent> Wrap)> _types = [];

    public EventReader(DocumentStore store, IEnumerable<Type> eventTypes)
    {
        _store = store;
        var events = (EventGraph)store.Options.Events;
        var wrap = typeof(EventReader).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in eventTypes)
            _types[events.EventMappingFor(type).EventTypeName] =
                (type, wrap.MakeGenericMethod(type).CreateDelegate<Func<object, IEvent>>());
    }

    /// <summary>Events stream by stream, each stream's in version order: a fold holds one stream at a time.</summary>
    public async IAsyncEnumerable<StreamEvents> ReadStreamsAsync(long ceiling, [EnumeratorCancellation] CancellationToken ct)
    {
        StreamEvents? current = null;
        await foreach (var e in ReadAsync("stream_id, version", ceiling, ct))
        {
            if (current is not null && current.Key != e.StreamKey)
            {
                yield return current;
                current = null;
            }
            current ??= new StreamEvents(e.StreamKey!, []);
            current.Events.Add(e);
        }
        if (current is not null) yield return current;
    }

    /// <summary>Events in the order they were appended, in chunks.</summary>
    public async IAsyncEnumerable<List<IEvent>> ReadInSequenceAsync(long ceiling, int chunk, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = new List<IEvent>(chunk);
        await foreach (var e in ReadAsync("seq_id", ceiling, ct))
        {
            events.Add(e);
            if (events.Count < chunk) continue;
            yield return events;
            events = new List<IEvent>(chunk);
        }
        if (events.Count > 0) yield return events;
    }

    /// <summary>How many events a read up to <paramref name="ceiling"/> returns (for progress).</summary>
    public async Task<long> CountAsync(long ceiling, CancellationToken ct)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select count(*) from {_store.Options.Events.DatabaseSchemaName}.mt_events where type = any(@types) and is_archived = false and seq_id <= @ceiling",
            connection);
        command.Parameters.AddWithValue("types", _types.Keys.ToArray());
        command.Parameters.AddWithValue("ceiling", ceiling);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async IAsyncEnumerable<IEvent> ReadAsync(string order, long ceiling, [EnumeratorCancellation] CancellationToken ct)
    {
        var serializer = _store.Options.Serializer();
        var schema = _store.Options.Events.DatabaseSchemaName;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Both orders have an index; a sort would spill hundreds of megabytes to temporary files.
        await using (var indexOrder = new NpgsqlCommand("set local enable_sort = off", connection, transaction))
            await indexOrder.ExecuteNonQueryAsync(ct);

        await using var command = new NpgsqlCommand(
            $"""
             select stream_id, version, seq_id, id, type, timestamp, tenant_id, correlation_id, causation_id, headers, data
             from {schema}.mt_events
             where type = any(@types) and is_archived = false and seq_id <= @ceiling
             order by {order}
             """, connection, transaction);
        command.Parameters.AddWithValue("types", _types.Keys.ToArray());
        command.Parameters.AddWithValue("ceiling", ceiling);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var streamKey = reader.GetString(0);
            var version = reader.GetInt64(1);
            var sequence = reader.GetInt64(2);
            var id = reader.GetGuid(3);
            var typeName = reader.GetString(4);
            var timestamp = reader.GetFieldValue<DateTimeOffset>(5);
            var tenantId = reader.IsDBNull(6) ? null : reader.GetString(6);
            var correlationId = reader.IsDBNull(7) ? null : reader.GetString(7);
            var causationId = reader.IsDBNull(8) ? null : reader.GetString(8);
            var headers = reader.IsDBNull(9) ? null : serializer.FromJson<Dictionary<string, object>>(Json(reader, 9));
            var (type, wrap) = _types[typeName];
            var e = wrap(serializer.FromJson(type, Json(reader, 10)));
            e.StreamKey = streamKey;
            e.Version = version;
            e.Sequence = sequence;
            e.Id = id;
            e.EventTypeName = typeName;
            e.DotNetTypeName = type.FullName!;
            e.Timestamp = timestamp;
            if (tenantId is not null) e.TenantId = tenantId;
            e.CorrelationId = correlationId;
            e.CausationId = causationId;
            e.Headers = headers;
            yield return e;
        }
    }

    private static MemoryStream Json(NpgsqlDataReader reader, int ordinal)
    {
        var bytes = reader.GetFieldValue<byte[]>(ordinal);
        return new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
    }

    private static IEvent Wrap<T>(object data) where T : notnull => new Event<T>((T)data);
}
