using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Storage;

/// <summary>The events of one batch, as the database identifies them: (stream, version) is unique, the id is ours.</summary>
internal sealed record StoredEventKeys(string[] Streams, long[] Versions, Guid[] Ids);

/// <summary>What became of a batch whose answer never arrived.</summary>
internal enum CommitOutcome
{
    Committed,
    NotCommitted,
    Unknown,
}

/// <summary>
/// Finds out whether a batch was committed when its connection broke before the answer arrived: the commit may have
/// happened (the server committed and the answer was lost, or an error came after the commit, such as an administrator's
/// shutdown while waiting for a synchronous standby) or not. A batch is one transaction, so its events are all stored
/// or none. Looking them up is only conclusive once the backend that ran the batch is gone: until then it may still
/// commit. So the backend is terminated first (a connection may end the backends of its own role), then the events
/// are looked up by stream, version and id (the unique index of mt_events). While the database cannot be reached the
/// outcome stays unknown; the caller then must not decide again.
/// </summary>
internal sealed class UnansweredCommits(GroupCommitConnections connections, string schema, ILogger log)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private const int TerminateWaitMilliseconds = 5_000;

    public async Task<CommitOutcome> ResolveAsync(int backendPid, StoredEventKeys events)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = connections.CreateConnection();
                await connection.OpenAsync(CancellationToken.None);
                if (await BackendAliveAsync(connection, backendPid)) throw new TimeoutException($"Backend {backendPid} did not end");
                var stored = await CountStoredAsync(connection, events);
                if (stored == 0) return CommitOutcome.NotCommitted;
                if (stored == events.Ids.Length) return CommitOutcome.Committed;
                log.LogCritical("{Stored} of the {Count} events of one transaction are stored", stored, events.Ids.Length);
                return CommitOutcome.Unknown;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                if (DateTime.UtcNow + delay > deadline)
                {
                    log.LogError(e, "Could not find out whether a batch of {Count} events was committed", events.Ids.Length);
                    return CommitOutcome.Unknown;
                }
                log.LogWarning(e, "Looking up an unanswered batch (attempt {Attempt}) failed; retrying", attempt);
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Ends the backend if it still runs (waiting for it to be gone); true while it is still there.</summary>
    private static async Task<bool> BackendAliveAsync(NpgsqlConnection connection, int pid)
    {
        await using var command = new NpgsqlCommand(
            $"select not pg_terminate_backend(pid, {TerminateWaitMilliseconds}) from pg_stat_activity where pid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = pid });
        return await command.ExecuteScalarAsync(CancellationToken.None) is true;
    }

    private async Task<long> CountStoredAsync(NpgsqlConnection connection, StoredEventKeys events)
    {
        await using var command = new NpgsqlCommand(
            $"select count(*) from {schema}.mt_events as e join unnest($1::varchar[], $2::bigint[], $3::uuid[]) as k(stream_id, version, id) " +
            "on e.stream_id = k.stream_id and e.version = k.version and e.id = k.id", connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = events.Streams });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = events.Versions });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = events.Ids });
        return (long)(await command.ExecuteScalarAsync(CancellationToken.None))!;
    }
}
