using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>A sealed link of the chain: the event at <see cref="Seq"/> and the chain's link after it.</summary>
public sealed record SealedLink(long Seq, string Link);

/// <summary>
/// <c>audit_chain(seq, link, sealed_at)</c>: one row per sealed event, keyed by mt_events.seq_id, created by Marten's
/// schema management with the rest of the store; and the few statements the sealer and the verifier run on it.
/// </summary>
public sealed class AuditChainTable(string schema)
{
    public const string TableName = "audit_chain";

    public string QualifiedName => $"{schema}.{TableName}";

    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("seq").AsPrimaryKey();
        table.AddColumn("link", "text").NotNull();
        table.AddColumn("sealed_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>The newest sealed link at or before <paramref name="seq"/> (the whole chain's newest when null).</summary>
    public async Task<SealedLink?> LastSealedAsync(NpgsqlConnection connection, long? seq, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select seq, link from {QualifiedName} where seq <= @seq order by seq desc limit 1", connection);
        command.Parameters.AddWithValue("seq", seq ?? long.MaxValue);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new SealedLink(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>Events after <paramref name="after"/> up to <paramref name="upTo"/>, in sequence order, at most <paramref name="limit"/>.</summary>
    public async Task<List<AuditEventLine>> EventsAsync(NpgsqlConnection connection, long after, long upTo, int limit, CancellationToken ct)
    {
        await using var command = EventsCommand(connection, after, upTo, limit);
        var events = new List<AuditEventLine>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(AuditEventLine.From(reader));
        return events;
    }

    /// <summary>
    /// The links of the events after <paramref name="after"/> up to <paramref name="upTo"/>, in sequence order, at most
    /// <paramref name="limit"/>, the first one after <paramref name="previousLink"/>: computed row by row as they are
    /// read, so that a round of the sealer holds its links, not its events.
    /// </summary>
    public async Task<List<SealedLink>> LinkEventsAsync(NpgsqlConnection connection, long after, long upTo, int limit, string? previousLink,
        CancellationToken ct)
    {
        await using var command = EventsCommand(connection, after, upTo, limit);
        var links = new List<SealedLink>(Math.Min(limit, 1024));
        var writer = new CanonicalJsonWriter();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            previousLink = AuditEventLine.LinkOf(reader, previousLink, writer);
            links.Add(new SealedLink(reader.GetInt64(0), previousLink));
        }
        return links;
    }

    private NpgsqlCommand EventsCommand(NpgsqlConnection connection, long after, long upTo, int limit)
    {
        var command = new NpgsqlCommand(
            $"select {AuditEventLine.Columns} from {schema}.mt_events where seq_id > @after and seq_id <= @upTo order by seq_id limit @limit",
            connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        command.Parameters.AddWithValue("limit", limit);
        return command;
    }

    /// <summary>Sealed links after <paramref name="after"/> up to <paramref name="upTo"/>, in order, at most <paramref name="limit"/>.</summary>
    public async Task<List<SealedLink>> LinksAsync(NpgsqlConnection connection, long after, long upTo, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select seq, link from {QualifiedName} where seq > @after and seq <= @upTo order by seq limit @limit", connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        command.Parameters.AddWithValue("limit", limit);
        var links = new List<SealedLink>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) links.Add(new SealedLink(reader.GetInt64(0), reader.GetString(1)));
        return links;
    }

    /// <summary>One statement for a whole batch: the primary key refuses a seq sealed twice.</summary>
    public async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<SealedLink> links, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"insert into {QualifiedName} (seq, link) select * from unnest(@seqs, @links)", connection);
        command.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = links.Select(l => l.Seq).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("links", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = links.Select(l => l.Link).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Marten's high-water mark: every sequence number up to it is either a committed event or one the daemon gave up
    /// waiting for (a rolled-back or a stale transaction), so nothing below it is still being written.
    /// </summary>
    public async Task<long> HighWaterMarkAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'", connection);
        return await command.ExecuteScalarAsync(ct) is long mark ? mark : 0;
    }

    /// <summary>Events after <paramref name="after"/> up to <paramref name="upTo"/>: the unsealed ones when after is the chain's end.</summary>
    public async Task<long> CountEventsAsync(NpgsqlConnection connection, long after, long upTo, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select count(*) from {schema}.mt_events where seq_id > @after and seq_id <= @upTo", connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
