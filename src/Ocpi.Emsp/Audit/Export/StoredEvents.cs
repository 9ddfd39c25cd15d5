using System.Data;
using System.Runtime.CompilerServices;
using Marten;
using Npgsql;
using Ocpi.Emsp.Audit.Chain;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>One stored event as the audit shows it, with its chain link (null while the event is not sealed yet).</summary>
public readonly record struct StoredEvent(AuditEventLine Line, string? Link);

/// <summary>
/// Reads events straight from PostgreSQL in sequence order, one row at a time as they arrive: memory stays constant for
/// any range. The scan follows mt_events' primary key (sorting is switched off for the statement), so the first rows
/// come at once instead of after a sort of the whole range, and the filters are checked on the way.
/// </summary>
public sealed class StoredEvents(IDocumentStore store)
{
    /// <summary>Marks the statement in pg_stat_activity.</summary>
    public const string StatementTag = "/* audit event read */";

    private string Schema => store.Options.Events.DatabaseSchemaName;

    public async IAsyncEnumerable<StoredEvent> ReadAsync(EventFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One stream's few events come by the stream's index and are sorted cheaply; a range comes in key order.
        if (filter.Stream is null)
        {
            await using var indexOrder = new NpgsqlCommand("set local enable_sort = off", connection, transaction);
            await indexOrder.ExecuteNonQueryAsync(ct);
        }
        var link = await ChainExistsAsync(connection, transaction, ct)
            ? $"(select c.link from {Schema}.audit_chain c where c.seq = e.seq_id)"
            : "null::text";
        await using var command = new NpgsqlCommand(
            $"""
             {StatementTag}
             select {AuditEventLine.Columns}, {link}
             from {Schema}.mt_events e
             where {Where(filter)}
             order by e.seq_id
             """, connection, transaction);
        AddParameters(command, filter);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var line = AuditEventLine.From(reader);
            yield return new StoredEvent(line, reader.IsDBNull(9) ? null : reader.GetString(9));
        }
    }

    /// <summary>How many events the filter selects (for a progress bar: one more scan of the range).</summary>
    public async Task<long> CountAsync(EventFilter filter, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select count(*) from {Schema}.mt_events e where {Where(filter)}", connection);
        AddParameters(command, filter);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>The chain table is created with the schema; a database not migrated yet has no links to show.</summary>
    private async Task<bool> ChainExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select to_regclass(@table) is not null", connection, transaction);
        command.Parameters.AddWithValue("table", $"{Schema}.audit_chain");
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string Where(EventFilter f)
    {
        var conditions = new List<string> { "true" };
        // Columns unqualified in AuditEventLine.Columns resolve to mt_events (e); audit_chain is only read by the subquery.
        if (f.From is not null) conditions.Add("e.timestamp >= @from");
        if (f.To is not null) conditions.Add("e.timestamp < @to");
        if (f.Partner is not null) conditions.Add("e.headers ->> 'partner' = @partner");
        if (f.Types is not null) conditions.Add("e.type = any(@types)");
        if (f.StreamPrefix is not null) conditions.Add("starts_with(e.stream_id, @prefix)");
        if (f.Stream is not null) conditions.Add("e.stream_id = @stream");
        return string.Join(" and ", conditions);
    }

    private static void AddParameters(NpgsqlCommand command, EventFilter f)
    {
        if (f.From is { } from) command.Parameters.AddWithValue("from", from.UtcDateTime);
        if (f.To is { } to) command.Parameters.AddWithValue("to", to.UtcDateTime);
        if (f.Partner is not null) command.Parameters.AddWithValue("partner", f.Partner);
        if (f.Types is not null) command.Parameters.AddWithValue("types", f.Types.ToArray());
        if (f.StreamPrefix is not null) command.Parameters.AddWithValue("prefix", f.StreamPrefix);
        if (f.Stream is not null) command.Parameters.AddWithValue("stream", f.Stream);
    }
}
