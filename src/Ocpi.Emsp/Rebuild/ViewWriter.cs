using Marten;
using Ocpi.Emsp.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Rebuild;

/// <summary>A rebuilt document and its revision: the version of the last event folded into it, as Marten records it.</summary>
internal readonly record struct Rebuilt<TDoc>(TDoc Document, long Revision);

/// <summary>
/// Replaces a view's rows with rebuilt documents in ONE transaction: the table is emptied and refilled with COPY (every
/// column as Marten's own storage writes it, <see cref="ViewColumns{TDoc}"/>), and only <see cref="CommitAsync"/> makes
/// that visible. Until then readers see the old rows; a failure anywhere (a COPY the database refuses, a fold that
/// throws, a lost connection) rolls back to them, so a view is never left half empty. Marten's bulk insert cannot be
/// used: it records revision 1 for every document.
/// </summary>
internal sealed class ViewWriter<TDoc> : IAsyncDisposable where TDoc : notnull
{
    private readonly ISerializer _serializer;
    private readonly DocumentIdentity<TDoc> _identity = new();
    private readonly ViewColumns<TDoc> _columns;
    private readonly System.Buffers.ArrayBufferWriter<byte> _utf8 = new(16 * 1024);
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private ViewWriter(DocumentStore store)
    {
        _serializer = store.Options.Serializer();
        _columns = new ViewColumns<TDoc>(store);
        _connection = store.Storage.Database.CreateConnection();
    }

    /// <summary>Opens the transaction and empties the view inside it (invisible to others until the commit).</summary>
    public static async Task<ViewWriter<TDoc>> BeginAsync(DocumentStore store, CancellationToken ct)
    {
        var writer = new ViewWriter<TDoc>(store);
        try
        {
            await writer._connection.OpenAsync(ct);
            writer._transaction = await writer._connection.BeginTransactionAsync(ct);
            // TRUNCATE rather than DELETE: no dead rows to vacuum; its exclusive lock is held until the commit, so a
            // node connected despite the check (--force) waits instead of reading an empty view.
            await writer.ExecuteAsync($"truncate {writer._columns.Table}", ct);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(IReadOnlyList<Rebuilt<TDoc>> batch, CancellationToken ct)
    {
        await using var copy = await _connection.BeginBinaryImportAsync(
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

    /// <summary>A statement in the same transaction (e.g. the daemon's progress row, swapped in with the view).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task CommitAsync(CancellationToken ct) => await _transaction!.CommitAsync(ct);

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

    /// <summary>Without a commit the transaction is rolled back: the old rows stay.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null) await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
