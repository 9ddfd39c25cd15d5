using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Stores a batch of decisions in one transaction (two set-based inserts, the rows of Marten's quick append), and tells
/// apart the two ways it can fail:
/// <list type="bullet">
/// <item>The database cannot be reached, or the outcome is unknown (the connection broke, a timeout, a server shutting
/// down): retried until it works, and since a failed commit may still have committed, every retry first looks up
/// which decisions are already stored (by stream key), so none is stored twice.</item>
/// <item>The database refuses the rows (a data, constraint or schema error, e.g. a column added by an upgrade of Marten):
/// retrying does not help, so after a few attempts the batch is split in halves until the refused decisions are found;
/// those are set aside in a file with the error and the rest is stored. Nothing of a refused batch is committed.</item>
/// </list>
/// </summary>
internal sealed class DecisionWriter(DirectEventStore direct, AuthorizationDecisionConnections connections, DecisionSpill spill, ILogger log)
{
    private const int AttemptsBeforeSplitting = 3;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stores the batch or sets aside what the database refuses. False only when <paramref name="stopping"/> is signalled
    /// while the database cannot be reached: then nothing more is tried and the caller keeps the batch on disk.
    /// </summary>
    /// <param name="mayBeStored">Some of the decisions may be stored already (a replay): they are looked up first.</param>
    public async Task<bool> StoreAsync(IReadOnlyList<PendingDecision> batch, bool mayBeStored, CancellationToken stopping)
    {
        var refused = new List<PendingDecision>();
        var (stored, refusal) = await StoreOrFindRefusedAsync(batch, mayBeStored, AttemptsBeforeSplitting, refused, stopping);
        if (refused.Count > 0)
        {
            var file = spill.SetAside(refused, refusal!);
            log.LogError(refusal, "The database refuses {Refused} of {Count} authorization decisions ({SqlState}); they are set aside in {File}: " +
                "fix the cause, then run `decisions replay`", refused.Count, batch.Count, (refusal as PostgresException)?.SqlState, file);
        }
        return stored;
    }

    private async Task<(bool Stored, Exception? Refusal)> StoreOrFindRefusedAsync(IReadOnlyList<PendingDecision> batch, bool mayBeStored,
        int attemptsBeforeSplitting, List<PendingDecision> refused, CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var refusals = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var toStore = mayBeStored ? await NotYetStoredAsync(batch) : batch;
                await InsertAsync(toStore);
                if (attempt > 1) log.LogInformation("Stored {Count} authorization decisions after {Attempts} attempts", toStore.Count, attempt);
                return (true, null);
            }
            catch (Exception e) when (IsRefusal(e))
            {
                if (++refusals >= attemptsBeforeSplitting)
                {
                    if (batch.Count == 1)
                    {
                        refused.Add(batch[0]);
                        return (true, e);
                    }
                    var half = batch.Count / 2;
                    var first = await StoreOrFindRefusedAsync(batch.Take(half).ToList(), mayBeStored, 1, refused, stopping);
                    var second = await StoreOrFindRefusedAsync(batch.Skip(half).ToList(), mayBeStored, 1, refused, stopping);
                    return (first.Stored && second.Stored, first.Refusal ?? second.Refusal ?? e);
                }
                log.LogWarning(e, "The database refused {Count} authorization decisions (attempt {Attempt}); retrying", batch.Count, attempt);
            }
            catch (Exception e)
            {
                mayBeStored = true;
                if (stopping.IsCancellationRequested) return (false, null);
                log.LogWarning(e, "Could not store {Count} authorization decisions (attempt {Attempt}); retrying", batch.Count, attempt);
            }
            try { await Task.Delay(delay, stopping); } catch (OperationCanceledException) { }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// A refusal is an answer of the database that retrying cannot change (classes 22 data, 23 constraint, 42 syntax or
    /// schema, 0A not supported), or a failure of ours before anything was sent. Connection errors, timeouts and the
    /// other server errors (shutdown, too many connections, serialization) may pass, and may have committed.
    /// </summary>
    private static bool IsRefusal(Exception e) => e switch
    {
        PostgresException p => p.SqlState[..2] is "22" or "23" or "42" or "0A",
        NpgsqlException or TimeoutException or IOException or SocketException or OperationCanceledException => false,
        _ => true,
    };

    private async Task<IReadOnlyList<PendingDecision>> NotYetStoredAsync(IReadOnlyList<PendingDecision> batch)
    {
        var keys = batch.Select(p => AuthorizationView.StreamKey(p.Decision.Reference)).ToArray();
        await using var connection = connections.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id from {direct.Schema}.mt_streams where id = any($1)", connection)
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = keys } },
        };
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        return stored.Count == 0 ? batch : batch.Where((_, i) => !stored.Contains(keys[i])).ToList();
    }

    private async Task InsertAsync(IReadOnlyList<PendingDecision> batch)
    {
        if (batch.Count == 0) return;
        var writes = new EventAppendBatch(direct);
        foreach (var pending in batch)
        {
            var key = AuthorizationView.StreamKey(pending.Decision.Reference);
            writes.Append(key, typeof(AuthorizationView), 0, writes.Prepare(key, 0, [pending.Decision], pending.Stamp));
        }
        await using var connection = connections.CreateConnection();
        await connection.OpenAsync();
        // One implicit transaction: all of the batch is stored, or none of it.
        await using var command = writes.Build(connection);
        await command.ExecuteNonQueryAsync();
    }
}
