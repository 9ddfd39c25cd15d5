using Npgsql;

namespace Ocpi.Emsp.Storage;

/// <summary>
/// The group commit's own connection pool, on the store's database. Unlike Marten's, a connection is not reset when it
/// returns to the pool: Npgsql's reset (with prepared statements: RESET ALL, UNLISTEN *, advisory unlocks, DISCARD
/// SEQUENCES and TEMP) is parsed and run by the server before every next use, a cost per batch. The group commit leaves
/// no session state to reset: it sets nothing, listens to nothing, takes no session locks and creates no temporary
/// tables; a batch that fails leaves no transaction open (each batch is one implicit transaction).
/// </summary>
public sealed class GroupCommitConnections(string connectionString)
    : DedicatedConnections(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true });
