using System.Data.Common;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Storage;

/// <summary>
/// An inline single-stream view as the group commit reads and writes it without a Marten session: loaded by id, folded
/// by the registered projection itself (its own Create/Apply methods, through Marten's dispatcher), upserted with
/// every column as Marten's storage writes it.
/// </summary>
internal sealed class StreamViewTable<TView> where TView : class
{
    private readonly ISerializer _serializer;
    private readonly SingleStreamProjection<TView, string> _projection;
    private readonly DocumentIdentity<TView> _identity = new();
    private readonly string _loadSql;
    private readonly string _upsertSql;

    public StreamViewTable(IDocumentStore store)
    {
        _serializer = store.Options.Serializer();
        Columns = new ViewColumns<TView>(store);
        _projection = ((StoreOptions)store.Options).Projections.All
            .OfType<SingleStreamProjection<TView, string>>().SingleOrDefault()
            ?? throw new NotSupportedException($"{typeof(TView).Name} has no single-stream projection with string ids.");
        _loadSql = $"select data from {Columns.Table} where id = $1";

        // One statement for every view of a batch: arrays unnested into rows.
        var duplicated = Columns.Duplicated;
        var names = string.Join("", duplicated.Select(d => $", \"{d.Column}\""));
        var values = string.Join("", duplicated.Select((d, i) => $", v.c{i}"));
        var arrays = string.Join("", duplicated.Select((d, i) => $", ${i + 4}::{d.PgType}[]"));
        var aliases = string.Join("", duplicated.Select((d, i) => $", c{i}"));
        var updates = string.Join("", duplicated.Select(d => $", \"{d.Column}\" = excluded.\"{d.Column}\""));
        _upsertSql =
            $"insert into {Columns.Table} (id, data, mt_version, mt_dotnet_type, mt_last_modified{names}) " +
            $"select v.id, v.data, v.version, '{Columns.DotNetType}', transaction_timestamp(){values} " +
            $"from unnest($1::varchar[], $2::jsonb[], $3::bigint[]{arrays}) as v(id, data, version{aliases}) " +
            "on conflict (id) do update set data = excluded.data, mt_version = excluded.mt_version, " +
            $"mt_dotnet_type = excluded.mt_dotnet_type, mt_last_modified = excluded.mt_last_modified{updates}";
    }

    public ViewColumns<TView> Columns { get; }

    /// <summary>A single-key load: planned as a primary-key lookup at any table size (an "id = ANY" plan may not be).</summary>
    public NpgsqlBatchCommand LoadCommand(string id) =>
        new(_loadSql) { Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = id } } };

    public async Task<TView?> ReadAsync(DbDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct)) return null;
        return await _serializer.FromJsonAsync<TView>(reader, 0, ct);
    }

    /// <summary>The view after <paramref name="events"/>, folded onto <paramref name="held"/> (null for a new stream).</summary>
    public async Task<(TView? View, ActionType Action)> FoldAsync(IQuerySession session, TView? held, string streamKey,
        IReadOnlyList<IEvent> events, CancellationToken ct) =>
        await _projection.DetermineActionAsync(session, held, streamKey, _identity, events, ct);

    public NpgsqlBatchCommand UpsertCommand(IReadOnlyList<(TView View, long Version)> rows)
    {
        var command = new NpgsqlBatchCommand(_upsertSql);
        command.Parameters.Add(Array(NpgsqlDbType.Varchar, rows.Select(r => _identity.Identity(r.View)).ToArray()));
        command.Parameters.Add(Array(NpgsqlDbType.Jsonb, rows.Select(r => _serializer.ToJson(r.View)).ToArray()));
        command.Parameters.Add(Array(NpgsqlDbType.Bigint, rows.Select(r => r.Version).ToArray()));
        foreach (var column in Columns.Duplicated)
        {
            var values = System.Array.CreateInstance(column.ClrType, rows.Count);
            for (var i = 0; i < rows.Count; i++) values.SetValue(column.Value(rows[i].View), i);
            command.Parameters.Add(Array(column.Type, values));
        }
        return command;
    }

    private static NpgsqlParameter Array(NpgsqlDbType type, System.Array values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values };
}
