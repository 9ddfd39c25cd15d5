using Npgsql;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>Creates databases on any PostgreSQL server the given connection string can reach.</summary>
internal static class PostgresDatabases
{
    /// <summary>
    /// Creates database <paramref name="name"/> unless it exists; safe to call concurrently. The connection string's
    /// user needs CREATEDB; its database is used only to issue the statement.
    /// </summary>
    public static async Task CreateIfMissingAsync(string adminConnectionString, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database) || builder.Database == name)
        {
            builder.Database = "postgres";
        }

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using (var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"create database {QuoteIdentifier(name)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created concurrently by someone else: that is what was asked for.
        }
    }

    public static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
