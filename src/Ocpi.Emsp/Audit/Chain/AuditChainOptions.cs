namespace Ocpi.Emsp.Audit.Chain;

/// <summary>Configuration section <c>Emsp:Audit</c>.</summary>
public sealed class AuditChainOptions
{
    public const string Section = "Emsp:Audit";

    /// <summary>How often the chain's newest link is recorded as an <see cref="AuditCheckpointRecorded"/> event and logged.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Path of a PEM ECDSA P-256 private key; when set, every checkpoint is signed with it.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Events sealed per round (one read, one insert).</summary>
    public int SealBatchSize { get; set; } = 1000;

    /// <summary>Pause of the sealer when it has caught up with the high-water mark, or while another node seals.</summary>
    public TimeSpan SealPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
