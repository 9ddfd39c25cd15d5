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
/// Reads every non-archived event of the given types in one query ordered by stream and version, through the stream
/// index (no sort, no temporary files on the database server), and deserializes each with the store's own serializer.
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

    public async IAsyncEnumerable<StreamEvents> ReadStreamsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var serializer = _store.Options.Serializer();
        var schema = _store.Options.Events.DatabaseSchemaName;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var ordered = new NpgsqlCommand("set local enable_sort = off", connection, transaction))
            await ordered.ExecuteNonQueryAsync(ct);

        await using var command = new NpgsqlCommand(
            $"""
             select stream_id, version, seq_id, id, type, timestamp, correlation_id, causation_id, headers, data
             from {schema}.mt_events where type = any(@types) and is_archived = false order by stream_id, version
             """, connection, transaction);
        command.Parameters.AddWithValue("types", _types.Keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);

        StreamEvents? current = null;
        while (await reader.ReadAsync(ct))
        {
            var streamKey = reader.GetString(0);
            var version = reader.GetInt64(1);
            var sequence = reader.GetInt64(2);
            var id = reader.GetGuid(3);
            var typeName = reader.GetString(4);
            var timestamp = reader.GetFieldValue<DateTimeOffset>(5);
            var correlationId = reader.IsDBNull(6) ? null : reader.GetString(6);
            var causationId = reader.IsDBNull(7) ? null : reader.GetString(7);
            var headers = reader.IsDBNull(8) ? null : serializer.FromJson<Dictionary<string, object>>(Json(reader, 8));
            var (type, wrap) = _types[typeName];
            var e = wrap(serializer.FromJson(type, Json(reader, 9)));
            e.StreamKey = streamKey;
            e.Version = version;
            e.Sequence = sequence;
            e.Id = id;
            e.EventTypeName = typeName;
            e.DotNetTypeName = type.FullName!;
            e.Timestamp = timestamp;
            e.CorrelationId = correlationId;
            e.CausationId = causationId;
            e.Headers = headers;

            if (current is not null && current.Key != streamKey)
            {
                yield return current;
                current = null;
            }
            current ??= new StreamEvents(streamKey, []);
            current.Events.Add(e);
        }
        if (current is not null) yield return current;
    }

    private static MemoryStream Json(NpgsqlDataReader reader, int ordinal)
    {
        var bytes = reader.GetFieldValue<byte[]>(ordinal);
        return new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
    }

    private static IEvent Wrap<T>(object data) where T : notnull => new Event<T>((T)data);
}
