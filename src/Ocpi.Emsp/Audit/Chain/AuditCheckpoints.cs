using Marten;
using Npgsql;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// Records the chain's newest link as an <see cref="AuditCheckpointRecorded"/> event every
/// <see cref="AuditChainOptions.CheckpointInterval"/> when the chain has grown since the last checkpoint, and logs it at
/// Information so that the root also leaves the database (log shipping keeps it where a database administrator cannot
/// rewrite it). Run by the sealer, so by one node only.
/// </summary>
internal sealed class AuditCheckpoints(IDocumentStore store, AuditChainTable table, AuditChainOptions options, TimeProvider clock, ILogger logger)
{
    private readonly CheckpointSigner? _signer = CheckpointSigner.From(options.SigningKey);
    private (long Seq, DateTimeOffset At)? _last;

    public async Task RecordWhenDueAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await RecordIfDueAsync(connection, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Sealing goes on; the checkpoint is tried again on the next round.
            logger.LogWarning(e, "Recording an audit checkpoint failed");
        }
    }

    private async Task RecordIfDueAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // The first checkpoint of a store falls one interval after its first sealed event: both are in the database,
        // so restarts do not postpone checkpoints.
        _last ??= await LastCheckpointAsync(connection, ct) ?? await FirstSealedAsync(connection, ct);
        var now = clock.GetUtcNow();
        if (_last is not { } previous || now - previous.At < options.CheckpointInterval) return;
        if (await table.LastSealedAsync(connection, null, ct) is not { } head) return;
        if (!await SealedSinceAsync(connection, previous.Seq, head.Seq, ct)) return;

        var recorded = new AuditCheckpointRecorded(head.Seq, head.Link, now, _signer?.Sign(head.Seq, head.Link), _signer?.KeyId);
        await using var session = store.LightweightSession();
        session.SetHeader(EventMetadata.SourceHeader, "audit-chain");
        session.Events.Append(AuditCheckpointRecorded.StreamKey, recorded);
        await session.SaveChangesAsync(ct);
        _last = (head.Seq, now);
        logger.LogInformation("Audit checkpoint: seq {AuditCheckpointSeq} link {AuditCheckpointLink} signature {AuditCheckpointSignature} key {AuditCheckpointKeyId}",
            recorded.Seq, recorded.Link, recorded.Signature, recorded.KeyId);
    }

    /// <summary>Whether an event other than a checkpoint was sealed after the last checkpoint's seq: else nothing new to vouch for.</summary>
    private async Task<bool> SealedSinceAsync(NpgsqlConnection connection, long checkpointed, long head, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select exists (select 1 from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id > @after and seq_id <= @head and stream_id <> @stream)",
            connection);
        command.Parameters.AddWithValue("after", checkpointed);
        command.Parameters.AddWithValue("head", head);
        command.Parameters.AddWithValue("stream", AuditCheckpointRecorded.StreamKey);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<(long Seq, DateTimeOffset At)?> FirstSealedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select sealed_at from {table.QualifiedName} order by seq limit 1", connection);
        return await command.ExecuteScalarAsync(ct) is DateTime at ? (0, new DateTimeOffset(at, TimeSpan.Zero)) : null;
    }

    /// <summary>The seq the last checkpoint vouched for, and when it was recorded.</summary>
    private async Task<(long Seq, DateTimeOffset At)?> LastCheckpointAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select (data->>'seq')::bigint, timestamp from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = @stream order by version desc limit 1",
            connection);
        command.Parameters.AddWithValue("stream", AuditCheckpointRecorded.StreamKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }
}
