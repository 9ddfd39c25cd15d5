using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// The ceiling a single-row write can reach on this server: one INSERT of a JSON document (the same Session body the
/// service receives) into a table with a primary key, one transaction (auto-commit) each, Npgsql directly.
/// </summary>
public sealed class BaselineInsert(NpgsqlDataSource dataSource)
{
    public const string Table = "bench_baseline.document";

    public async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "create schema if not exists bench_baseline; " +
            $"create table if not exists {Table} (id text primary key, data jsonb not null, stored_at timestamptz not null default now())");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> InsertAsync(string id, string json, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"insert into {Table} (id, data) values ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
