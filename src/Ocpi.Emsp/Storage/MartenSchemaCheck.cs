namespace Ocpi.Emsp.Storage;

/// <summary>
/// Refuses to start the service when Marten's tables are not what its own SQL writes (<see cref="TableContract"/>):
/// a Marten upgrade or a configuration change that adds a column must stop the service with the table and column
/// named, not make every write fail or fall back. Registered after Marten's start-up schema migration
/// (ApplyAllDatabaseChangesOnStartup), so it checks the tables as Marten left them; hosted services start in order.
/// </summary>
public sealed class MartenSchemaCheck(DirectEventStore store, GroupCommitConnections connections, ILogger<MartenSchemaCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = connections.CreateConnection();
        await connection.OpenAsync(ct);
        try
        {
            await TableContract.EnsureAsync(connection, store.WrittenTables(), ct);
        }
        catch (MartenSchemaMismatchException e)
        {
            log.LogCritical("Not starting: {Reason}", e.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
