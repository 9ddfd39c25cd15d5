using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Audit;

/// <summary>An eMSP that seals every 100 ms and records a signed checkpoint every second.</summary>
public class AuditChainFixture : TokensFixture
{
    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _keyPath = Path.Combine(Path.GetTempPath(), $"audit-key-{Guid.NewGuid():N}.pem");

    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        File.WriteAllText(_keyPath, SigningKey.ExportECPrivateKeyPem());
        builder.UseSetting("Emsp:Audit:SealPollInterval", "00:00:00.100")
            .UseSetting("Emsp:Audit:CheckpointInterval", "00:00:01")
            .UseSetting("Emsp:Audit:SigningKey", _keyPath);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_keyPath);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    public Task<long> LastEventSeqAsync() => ScalarAsync<long>("select coalesce(max(seq_id), 0) from emsp.mt_events");

    /// <summary>Waits until the chain reaches <paramref name="seq"/> (the sealer follows the daemon's high-water mark).</summary>
    public Task SealedUpToAsync(long seq) => Eventually.HoldsAsync(
        async () => await ScalarAsync<long>("select coalesce(max(seq), 0) from emsp.audit_chain") >= seq,
        $"events up to seq {seq} sealed", TimeSpan.FromSeconds(90));

    public Task<AuditVerification> VerifyAsync(long? from = null, long? to = null) =>
        new AuditChainVerifier(Store).VerifyAsync(from, to, CancellationToken.None);
}

public sealed class TamperedChainFixture : AuditChainFixture;
