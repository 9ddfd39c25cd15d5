using Npgsql;

namespace Ocpi.Emsp.Storage;

/// <summary>
/// A connection pool of its own on the store's database, for a writer that goes around Marten's session and needs
/// connections configured for it alone (see the subclasses for what each sets and why).
/// </summary>
public abstract class DedicatedConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    protected DedicatedConnections(NpgsqlConnectionStringBuilder builder)
    {
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Database = $"{builder.Host}_{builder.Port}_{builder.Database}";
    }

    /// <summary>Names the database (server and name), e.g. for files that belong to it.</summary>
    public string Database { get; }

    public NpgsqlConnection CreateConnection() => _dataSource.CreateConnection();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
