using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// Seals every event of the store into <c>audit_chain</c>, in sequence order, whoever wrote it (Marten sessions, the
/// group commit, the authorization recorder, bulk inserts): the write paths stay as they are.
/// <list type="bullet">
/// <item>One sealer per cluster: a session-level advisory lock, held on the very connection that inserts the links, so
/// a node that lost its lock (its session ended) cannot insert either.</item>
/// <item>Never around a gap that a slow transaction may still fill: it seals only up to Marten's high-water mark
/// (kept by the async daemon's leader); a transaction that commits below the mark after the daemon gave up waiting for
/// it is the one case left, and verification reports that event as inserted rather than hiding it.</item>
/// <item>Restartable: the chain's own newest row is where it resumes, and the primary key refuses a seq sealed twice.</item>
/// </list>
/// </summary>
public sealed class AuditChainSealer(IDocumentStore store, IOptions<AuditChainOptions> options, TimeProvider clock,
    ILogger<AuditChainSealer> logger) : BackgroundService
{
    // Two-key form: a lock space apart from Marten's and Wolverine's single-key advisory locks.
    private const int LockClass = 1869;
    private const string LockName = "audit chain sealer";

    private readonly AuditChainOptions _options = options.Value;
    private readonly AuditChainTable _table = new(store.Options.Events.DatabaseSchemaName);
    private AuditCheckpoints? _checkpoints;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _checkpoints = new AuditCheckpoints(store, _table, _options, clock, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                if (!await TryLockAsync(connection, stoppingToken))
                {
                    await Task.Delay(_options.SealPollInterval, clock, stoppingToken);
                    continue;
                }
                logger.LogInformation("This node seals the audit chain");
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var sealedNow = await SealAsync(connection, stoppingToken);
                        await _checkpoints.RecordWhenDueAsync(connection, stoppingToken);
                        if (sealedNow < _options.SealBatchSize) await Task.Delay(_options.SealPollInterval, clock, stoppingToken);
                    }
                }
                finally
                {
                    await UnlockAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Sealing the audit chain failed; retrying");
                try { await Task.Delay(_options.SealPollInterval, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Seals one batch of the events below the high-water mark; returns how many.</summary>
    public async Task<int> SealAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var last = await _table.LastSealedAsync(connection, null, ct);
        var mark = await _table.HighWaterMarkAsync(connection, ct);
        var after = last?.Seq ?? 0;
        if (mark <= after) return 0;

        var links = await _table.LinkEventsAsync(connection, after, mark, _options.SealBatchSize, last?.Link, ct);
        if (links.Count == 0) return 0;
        await _table.InsertAsync(connection, links, ct);
        return links.Count;
    }

    /// <summary>
    /// A pooled connection keeps its session, and so the lock, until it is reused: released here so that the next
    /// attempt (on whichever pooled connection) gets it. A connection that broke has lost the lock with its session.
    /// </summary>
    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return;
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock(@class, hashtext(@name))", connection);
            command.Parameters.AddWithValue("class", LockClass);
            command.Parameters.AddWithValue("name", LockName);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The session is gone, and its locks with it.
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@class, hashtext(@name))", connection);
        command.Parameters.AddWithValue("class", LockClass);
        command.Parameters.AddWithValue("name", LockName);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
