using Marten;
using Ocpi.Emsp.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Rebuild;

/// <summary>A rebuilt document and its revision: the version of the last event folded into it, as Marten records it.</summary>
internal readonly record struct Rebuilt<TDoc>(TDoc Document, long Revision);

/// <summary>
/// Writes rebuilt documents into their (emptied) table with COPY, every column as Marten's own storage writes it
/// (<see cref="ViewColumns{TDoc}"/>). Marten's bulk insert cannot be used: it records revision 1 for every document.
/// </summary>
internal sealed class ViewWriter<TDoc> : IAsyncDisposable where TDoc : notnull
{
    private readonly DocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly DocumentIdentity<TDoc> _identity = new();
    private readonly ViewColumns<TDoc> _columns;
    private readonly System.Buffers.ArrayBufferWriter<byte> _utf8 = new(16 * 1024);
    private NpgsqlConnection? _connection;

    public ViewWriter(DocumentStore store)
    {
        _store = store;
        _serializer = store.Options.Serializer();
        _columns = new ViewColumns<TDoc>(store);
    }

    public async Task WriteAsync(IReadOnlyList<Rebuilt<TDoc>> batch, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {_columns.Table} ({string.Join(", ", _columns.Columns.Select(c => $"\"{c}\""))}) from stdin (format binary)", ct);
        foreach (var (document, revision) in batch)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(_identity.Identity(document), NpgsqlDbType.Varchar, ct);
            await WriteJsonAsync(copy, document, ct);
            await copy.WriteAsync(revision, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(_columns.DotNetType, NpgsqlDbType.Varchar, ct);
            foreach (var column in _columns.Duplicated)
            {
                if (column.Value(document) is { } v) await copy.WriteAsync(v, column.Type, ct);
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
        await TableContract.EnsureAsync(_connection, [_columns.Contract], ct);
        return _connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
