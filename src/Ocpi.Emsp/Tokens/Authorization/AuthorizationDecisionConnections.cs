using Npgsql;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// The authorization recorder's own connections: commits do not wait for the WAL flush (synchronous_commit off, set at
/// connection start, so nothing is set per batch and no pooled connection carries the setting to other writes). A
/// decision is stored after its answer anyway; waiting for the disk would only slow the recorder down.
/// </summary>
public sealed class AuthorizationDecisionConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public AuthorizationDecisionConnections(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c synchronous_commit=off" : $"{builder.Options} -c synchronous_commit=off";
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "Ocpi.Emsp authorization decisions";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Database = $"{builder.Host}_{builder.Port}_{builder.Database}";
    }

    /// <summary>Names the database (server and name), e.g. for files that belong to it.</summary>
    public string Database { get; }

    public NpgsqlConnection CreateConnection() => _dataSource.CreateConnection();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
