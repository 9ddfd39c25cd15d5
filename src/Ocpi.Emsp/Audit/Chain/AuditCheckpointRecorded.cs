using System.Security.Cryptography;
using System.Text;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// The chain's newest link at a moment, recorded on the stream <see cref="StreamKey"/> and logged, so that the root
/// also lives outside the database. With a signing key, <see cref="Signature"/> is the base64 DER ECDSA P-256/SHA-256
/// signature of the UTF-8 text <c>"{seq}:{link}"</c> and <see cref="KeyId"/> the lower-case hex SHA-256 of the public
/// key's DER SubjectPublicKeyInfo.
/// </summary>
public sealed record AuditCheckpointRecorded(long Seq, string Link, DateTimeOffset RecordedAt, string? Signature, string? KeyId)
{
    public const string StreamKey = "audit:checkpoints";

    public static string SignedText(long seq, string link) => $"{seq}:{link}";
}

/// <summary>Signs checkpoints with the configured key (<see cref="AuditChainOptions.SigningKey"/>).</summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    public string KeyId { get; }

    private CheckpointSigner(ECDsa key)
    {
        _key = key;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Null when no key is configured; throws when the file is not a P-256 private key.</summary>
    public static CheckpointSigner? From(string? pemPath)
    {
        if (string.IsNullOrWhiteSpace(pemPath)) return null;
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemPath));
        if (key.KeySize != 256) throw new InvalidOperationException($"{AuditChainOptions.Section}:SigningKey must be an ECDSA P-256 key.");
        return new CheckpointSigner(key);
    }

    public string Sign(long seq, string link) => Convert.ToBase64String(_key.SignData(
        Encoding.UTF8.GetBytes(AuditCheckpointRecorded.SignedText(seq, link)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public bool Verify(long seq, string link, string signature) => _key.VerifyData(
        Encoding.UTF8.GetBytes(AuditCheckpointRecorded.SignedText(seq, link)), Convert.FromBase64String(signature),
        HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
