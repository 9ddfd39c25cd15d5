using System.Linq.Expressions;
using System.Reflection;
using Marten;
using Marten.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Rebuild;

/// <summary>A rebuilt document and its revision: the version of the last event folded into it, as Marten records it.</summary>
internal readonly record struct Rebuilt<TDoc>(TDoc Document, long Revision);

/// <summary>
/// Writes rebuilt documents into their (emptied) table with COPY, every column as Marten's own storage writes it: id,
/// JSON document, revision, .NET type and the duplicated fields; the time of writing is the column's default. Marten's
/// bulk insert cannot be used: it records revision 1 for every document. A table with a column this does not know
/// (soft deletes, tenancy, a newer Marten's metadata) is refused rather than filled wrongly.
/// </summary>
internal sealed class ViewWriter<TDoc> : IAsyncDisposable where TDoc : notnull
{
    private readonly DocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly DocumentIdentity<TDoc> _identity = new();
    private readonly DocumentMapping _mapping;
    private readonly List<(string Column, NpgsqlDbType Type, Func<TDoc, object?> Value)> _duplicated;
    private readonly System.Buffers.ArrayBufferWriter<byte> _utf8 = new(16 * 1024);
    private NpgsqlConnection? _connection;

    public ViewWriter(DocumentStore store)
    {
        _store = store;
        _serializer = store.Options.Serializer();
        _mapping = (DocumentMapping)((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(typeof(TDoc));
        _duplicated = [.. _mapping.DuplicatedFields.Select(f => (f.ColumnName, f.DbType, Getter(f.Members)))];
    }

    private string[] Columns => ["id", "data", "mt_version", "mt_dotnet_type", .. _duplicated.Select(d => d.Column)];

    public async Task WriteAsync(IReadOnlyList<Rebuilt<TDoc>> batch, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        var table = _mapping.TableName.QualifiedName;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {table} ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) from stdin (format binary)", ct);
        foreach (var (document, revision) in batch)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(_identity.Identity(document), NpgsqlDbType.Varchar, ct);
            await WriteJsonAsync(copy, document, ct);
            await copy.WriteAsync(revision, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(typeof(TDoc).FullName!, NpgsqlDbType.Varchar, ct);
            foreach (var (_, type, value) in _duplicated)
            {
                if (value(document) is { } v) await copy.WriteAsync(v, type, ct);
                else await copy.WriteNullAsync(ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The document's JSON straight as UTF-8 when the serializer can (no intermediate string), as Marten writes it.</summary>
    private async Task WriteJsonAsync(NpgsqlBinaryImporter copy, TDoc document, CancellationToken ct)
    {
        if (_serializer is not Marten.Services.SystemTextJsonSerializer json)
        {
            await copy.WriteAsync(_serializer.ToJson(document), NpgsqlDbType.Jsonb, ct);
            return;
        }
        _utf8.ResetWrittenCount();
        json.WriteTo(_utf8, document);
        await copy.WriteAsync(_utf8.WrittenMemory.ToArray(), NpgsqlDbType.Jsonb, ct);
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is not null) return _connection;
        _connection = _store.Storage.Database.CreateConnection();
        await _connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = @schema and table_name = @table", _connection);
        query.Parameters.AddWithValue("schema", _mapping.TableName.Schema);
        query.Parameters.AddWithValue("table", _mapping.TableName.Name);
        var unknown = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (reader.GetString(0) is var column && column != "mt_last_modified" && !Columns.Contains(column)) unknown.Add(column);
        if (unknown.Count > 0)
            throw new NotSupportedException($"{_mapping.TableName}: columns {string.Join(", ", unknown)} are not written by a bulk rebuild.");
        return _connection;
    }

    private static Func<TDoc, object?> Getter(MemberInfo[] members)
    {
        var document = Expression.Parameter(typeof(TDoc));
        Expression body = document;
        foreach (var member in members) body = Expression.MakeMemberAccess(body, member);
        return Expression.Lambda<Func<TDoc, object?>>(Expression.Convert(body, typeof(object)), document).Compile();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
