using Npgsql;

namespace Ocpi.Emsp.Storage;

/// <summary>
/// The columns of one of Marten's tables as the service's own SQL knows them: those it writes, and those it leaves to
/// their column default because Marten's own append leaves them to it too (proven row by row by the contract tests
/// against Marten). Any other column is one our SQL would fill wrongly or not at all, so the table is refused.
/// </summary>
public sealed record TableContract(string Schema, string Name, IReadOnlyList<string> Written, IReadOnlyList<string> LeftToDefault)
{
    public string QualifiedName => $"{Schema}.{Name}";

    /// <summary>What is wrong with the table as it is in the database, one line per column; empty when nothing is.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand(
            """
            select column_name, is_nullable = 'NO' and column_default is null and is_identity = 'NO' and is_generated = 'NEVER'
            from information_schema.columns where table_schema = @schema and table_name = @table
            """, connection);
        query.Parameters.AddWithValue("schema", Schema);
        query.Parameters.AddWithValue("table", Name);
        var columns = new Dictionary<string, bool>();
        await using (var reader = await query.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) columns[reader.GetString(0)] = reader.GetBoolean(1);

        if (columns.Count == 0) return [$"{QualifiedName}: the table does not exist"];
        var problems = new List<string>();
        foreach (var column in Written.Where(c => !columns.ContainsKey(c)))
            problems.Add($"{QualifiedName}.{column}: the column is written by the service's SQL but does not exist");
        foreach (var (column, requiresValue) in columns)
        {
            if (Written.Contains(column)) continue;
            if (!LeftToDefault.Contains(column))
                problems.Add($"{QualifiedName}.{column}: the column is unknown to the service's SQL" +
                    (requiresValue ? " and NOT NULL without a default (every insert would fail)" : " (it would be left empty where Marten may fill it)"));
            else if (requiresValue)
                problems.Add($"{QualifiedName}.{column}: the column is NOT NULL without a default, and the service's SQL leaves it out");
        }
        return problems;
    }

    /// <summary>Throws <see cref="MartenSchemaMismatchException"/> naming every column that does not fit.</summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, IEnumerable<TableContract> tables, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var table in tables) problems.AddRange(await table.ProblemsAsync(connection, ct));
        if (problems.Count > 0) throw new MartenSchemaMismatchException(problems);
    }
}

/// <summary>Marten's tables have columns the service's own SQL does not write as Marten would: it must not write them.</summary>
public sealed class MartenSchemaMismatchException(IReadOnlyList<string> problems) : InvalidOperationException(
    "Marten's tables do not match what the service's own SQL writes (see \"Writing Marten's tables\" in the service's README):"
    + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The event store tables as written by <see cref="EventAppendBatch"/> (its insert and update statements name exactly
/// these columns, a test holds them together), for Marten 9.62's schema with string stream keys, one tenant, and
/// correlation id, causation id and headers enabled.
/// </summary>
public static class MartenTables
{
    public static TableContract Streams(string schema) => new(schema, "mt_streams",
        Written: ["id", "type", "version", "timestamp", "tenant_id"],
        // Marten's append leaves these to their defaults too: created now(), not archived, never compacted.
        LeftToDefault: ["created", "is_archived", "compacted_version"]);

    public static TableContract Events(string schema) => new(schema, "mt_events",
        Written: ["seq_id", "id", "stream_id", "version", "data", "type", "tenant_id", "timestamp", "mt_dotnet_type",
            "is_archived", "causation_id", "correlation_id", "headers"],
        // Only events with a binary payload fill bdata; JSON events leave it null, as Marten does.
        LeftToDefault: ["bdata"]);
}
