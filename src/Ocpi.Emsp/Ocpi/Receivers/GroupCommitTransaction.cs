using Marten;
using Npgsql;
using Ocpi.Emsp.Storage;
using Ocpi.Emsp.Telemetry;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// One transaction of the group commit: load every write's view in one round trip, decide each, send all events and
/// views as one batch (one implicit transaction, committed in the same round trip), then answer.
///
/// When the batch fails, what is known decides what follows; a push is never decided again while its events may be
/// stored, since deciding a Session PATCH twice would append its charging periods twice:
/// - the server refused a statement (an error of the transaction, not of the connection): nothing is stored. A
///   conflict with another writer (a stream moved or created since it was read) sends the writes back to be decided
///   again in a next batch, on what is stored then; any other refusal has each write decided and written alone, so that
///   one bad write fails only its own push.
/// - the connection broke, or the server ended it, after the batch was sent: the commit may have happened. The events
///   are looked up (<see cref="UnansweredCommits"/>); stored, the writes are answered as decided; not stored, they are
///   decided again; unknown (the database cannot be reached), they fail with a server error, and the partner's retry is
///   safe (a PUT replaces, a PATCH sets fields, and charging periods already held are not appended again).
/// </summary>
internal sealed class GroupCommitTransaction(DirectEventStore direct, GroupCommitConnections connections, NewStreamGuess guess, ILogger log,
    EmspMetrics metrics)
{
    /// <summary>After this many conflicts in batches a write is written alone, under its stream's lock, so it cannot starve.</summary>
    private const int BatchAttempts = 4;
    private readonly UnansweredCommits _unanswered = new(connections, direct.Schema, log);

    /// <summary>Commits the batch and answers its writes; returns the writes to decide again in a next batch.</summary>
    public async Task<IReadOnlyList<StreamWrite>> CommitAsync(List<StreamWrite> batch)
    {
        batch.RemoveAll(write =>
        {
            if (!write.RequestAborted.IsCancellationRequested) return false;
            write.Cancel();
            return true;
        });
        if (batch.Count == 0) return [];

        var appended = new List<(StreamWrite Write, IResult Answer)>(batch.Count);
        var writes = new EventAppendBatch(direct);
        await using var connection = connections.CreateConnection();
        try
        {
            await connection.OpenAsync(CancellationToken.None);
            await LoadHeldAsync(connection, batch);
            await DecideAsync(batch, writes, appended);
        }
        catch (Exception e) when (!IsConnectionFailure(e))
        {
            // Nothing was sent to be stored: each write is decided again, alone, on what is stored now.
            log.LogDebug(e, "Group commit of {Count} writes not applied; writing each alone", batch.Count);
            await Task.WhenAll(batch.Where(w => !w.Answer.IsCompleted).Select(WriteAloneAsync));
            return [];
        }
        catch (Exception e)
        {
            // Nothing was sent to be stored, and the database cannot be reached: the partner retries.
            log.LogError(e, "Group commit of {Count} writes could not reach the database", batch.Count);
            foreach (var write in batch) write.Fail(e);
            return [];
        }
        if (appended.Count == 0) return [];

        NpgsqlBatch command;
        try
        {
            command = writes.Build(connection);
        }
        catch (Exception e)
        {
            // Nothing was sent (e.g. an event that does not serialize): each write alone, so the bad one fails alone.
            log.LogDebug(e, "Group commit of {Count} writes could not be built; writing each alone", appended.Count);
            await Task.WhenAll(appended.Select(a => WriteAloneAsync(a.Write)));
            return [];
        }
        var backend = connection.ProcessID;
        try
        {
            await using (command) await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (PostgresException e) when (IsRefusedStatement(e))
        {
            if (StreamWrite.IsWriteConflict(e) || EventAppendBatch.IsStaleStreamVersion(e))
            {
                log.LogDebug(e, "Group commit of {Count} writes met another writer; deciding them again", appended.Count);
                guess.NotCommitted(appended.Select(a => a.Write));
                return await AgainAsync(appended);
            }
            log.LogDebug(e, "Group commit of {Count} writes refused; writing each alone", appended.Count);
            await Task.WhenAll(appended.Select(a => WriteAloneAsync(a.Write)));
            return [];
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Group commit of {Count} writes got no answer; looking up whether it was committed", appended.Count);
            switch (await _unanswered.ResolveAsync(backend, writes.EventKeys))
            {
                case CommitOutcome.Committed:
                    break;
                case CommitOutcome.NotCommitted:
                    guess.NotCommitted(appended.Select(a => a.Write));
                    return await AgainAsync(appended);
                default:
                    foreach (var (write, _) in appended) write.Fail(new CommitOutcomeUnknownException(e));
                    return [];
            }
        }
        guess.Committed(appended.Select(a => a.Write));
        foreach (var (write, answer) in appended)
        {
            metrics.PushStored(write.StreamKey, write.Source);
            write.Complete(answer);
        }
        return [];
    }

    /// <summary>
    /// Every write's held view, in one round trip of single-key loads; none for the writes decided as new unloaded
    /// (<see cref="NewStreamGuess"/>), and no round trip when that is all of them.
    /// </summary>
    private async Task LoadHeldAsync(NpgsqlConnection connection, List<StreamWrite> batch)
    {
        var loads = new List<StreamWrite>(batch.Count);
        foreach (var write in batch)
        {
            if (guess.SkipsLoad(write)) write.AssumeAbsent();
            else loads.Add(write);
        }
        if (loads.Count == 0) return;
        await using var load = new NpgsqlBatch(connection);
        foreach (var write in loads) load.BatchCommands.Add(write.LoadCommand(direct));
        await using var reader = await load.ExecuteReaderAsync(CancellationToken.None);
        for (var i = 0; i < loads.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(CancellationToken.None);
            guess.Loaded(loads[i], await loads[i].ReadHeldAsync(direct, reader, CancellationToken.None));
        }
    }

    private async Task DecideAsync(List<StreamWrite> batch, EventAppendBatch writes, List<(StreamWrite, IResult)> appended)
    {
        // For the projections' fold only: the registered Create/Apply methods read nothing from the database.
        await using var projections = direct.Store.QuerySession();
        foreach (var write in batch)
        {
            try
            {
                var (answer, wasAppended) = await write.DecideIntoAsync(direct, writes, projections, CancellationToken.None);
                if (wasAppended) appended.Add((write, answer));
                else write.Complete(answer);
            }
            catch (Exception e)
            {
                write.Fail(e);
            }
        }
    }

    /// <summary>The writes to decide again in a next batch; one that met other writers too often is written alone now.</summary>
    private async Task<IReadOnlyList<StreamWrite>> AgainAsync(List<(StreamWrite Write, IResult Answer)> appended)
    {
        var again = new List<StreamWrite>(appended.Count);
        var alone = new List<Task>();
        foreach (var (write, _) in appended)
        {
            if (++write.BatchAttempts < BatchAttempts) again.Add(write);
            else alone.Add(WriteAloneAsync(write));
        }
        // Awaited here, so that its stream stays out of other batches until it is written.
        await Task.WhenAll(alone);
        return again;
    }

    private async Task WriteAloneAsync(StreamWrite write)
    {
        try
        {
            var answer = await write.WriteAloneAsync(direct.Store, log);
            if (write.StoredAlone) metrics.PushStored(write.StreamKey, write.Source);
            write.Complete(answer);
        }
        catch (Exception e)
        {
            write.Fail(e);
        }
    }

    /// <summary>
    /// An error of a statement: the server rolled the transaction back and the connection is still usable. A FATAL or
    /// PANIC error (e.g. 57P01, an administrator's shutdown) ends the connection and may come after the commit.
    /// </summary>
    private static bool IsRefusedStatement(PostgresException e) => e.InvariantSeverity == "ERROR";

    private static bool IsConnectionFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException) return false;
            if (inner is NpgsqlException or IOException or TimeoutException or OperationCanceledException) return true;
        }
        return false;
    }
}

/// <summary>The database could not tell whether a push was stored; it is stored at most once, and a retry is safe.</summary>
public sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The database did not confirm whether the push was stored", inner);
