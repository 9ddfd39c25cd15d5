using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace Ocpi.Emsp.Rebuild;

/// <summary>A rebuilt document and its revision: the version of the last event folded into it, as Marten records it.</summary>
internal readonly record struct Rebuilt<TDoc>(TDoc Document, long Revision);

/// <summary>
/// Writes rebuilt documents with Marten's COPY-based bulk insert (every column as Marten writes it: duplicated fields,
/// type, time), then sets the revision where it is not the 1 that a bulk insert records.
/// </summary>
internal sealed class ViewWriter<TDoc>(DocumentStore store) where TDoc : notnull
{
    private readonly DocumentIdentity<TDoc> _identity = new();
    private readonly string _table = ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(typeof(TDoc)).TableName.QualifiedName;

    public async Task WriteAsync(IReadOnlyList<Rebuilt<TDoc>> batch, CancellationToken ct)
    {
        await store.BulkInsertAsync(batch.Select(r => r.Document).ToList(), BulkInsertMode.InsertsOnly, batch.Count, ct);
        var revised = batch.Where(r => r.Revision != 1).ToList();
        if (revised.Count == 0) return;

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"update {_table} t set mt_version = v.revision from unnest(@ids, @revisions) as v(id, revision) where t.id = v.id",
            connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            { Value = revised.Select(r => _identity.Identity(r.Document)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("revisions", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            { Value = revised.Select(r => r.Revision).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }
}
