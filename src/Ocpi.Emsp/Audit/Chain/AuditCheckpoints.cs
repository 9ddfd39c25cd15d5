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
        _last ??= await LastCheckpointEventAsync(connection, ct);
        var now = clock.GetUtcNow();
        if (_last is { } previous && now - previous.At < options.CheckpointInterval) return;
        if (await table.LastSealedAsync(connection, null, ct) is not { } head) return;
        // Only the previous checkpoint's own event sealed since: nothing new to vouch for.
        if (_last is { } checkpoint && head.Seq <= checkpoint.Seq) return;

        var recorded = new AuditCheckpointRecorded(head.Seq, head.Link, now, _signer?.Sign(head.Seq, head.Link), _signer?.KeyId);
        await using var session = store.LightweightSession();
        session.SetHeader(EventMetadata.SourceHeader, "audit-chain");
        session.Events.Append(AuditCheckpointRecorded.StreamKey, recorded);
        await session.SaveChangesAsync(ct);
        _last = (((await LastCheckpointEventAsync(connection, ct))?.Item1) ?? head.Seq, now);
        logger.LogInformation("Audit checkpoint: seq {AuditCheckpointSeq} link {AuditCheckpointLink} signature {AuditCheckpointSignature} key {AuditCheckpointKeyId}",
            recorded.Seq, recorded.Link, recorded.Signature, recorded.KeyId);
    }

    private async Task<(long, DateTimeOffset)?> LastCheckpointEventAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select seq_id, timestamp from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = @stream order by version desc limit 1",
            connection);
        command.Parameters.AddWithValue("stream", AuditCheckpointRecorded.StreamKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }
}
