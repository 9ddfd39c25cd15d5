using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tokens;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// An eMSP that reaches its own database through a <see cref="CuttableDatabaseLink"/>, keeps at most
/// <see cref="Buffer"/> unstored decisions in memory, writes the rest to its own spill directory, and whose partner
/// cache reads a clock the test moves.
/// </summary>
public class DatabaseOutageFixture : TokensFixture
{
    public const int Buffer = 5;

    public CuttableDatabaseLink Link { get; private set; } = null!;
    public ManualClock Clock { get; } = new();
    public string SpillDirectory { get; private init; } = Path.Combine(Path.GetTempPath(), "ocpi-emsp-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Another service on the same database and spill directory, not started yet.</summary>
    public DatabaseOutageFixture Successor()
    {
        _keepSpill = true;
        return new DatabaseOutageFixture { ConnectionString = ConnectionString, SpillDirectory = SpillDirectory };
    }

    private bool _keepSpill;
    public AuthorizationRecorder Recorder => Host.Services.GetRequiredService<AuthorizationRecorder>();

    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        Link = CuttableDatabaseLink.To(ConnectionString);
        builder.UseSetting("ConnectionStrings:Marten", Link.ConnectionStringThrough(ConnectionString));
        builder.UseSetting(AuthorizationRecorder.BufferKey, Buffer.ToString());
        builder.UseSetting(AuthorizationRecorder.SpillDirectoryKey, SpillDirectory);
        builder.ConfigureTestServices(services =>
            services.AddSingleton(new PartnerAuthenticationCache(Clock, PartnerAuthenticationCache.DefaultLifetime)));
    }

    public override async Task DisposeAsync()
    {
        Link.Restore();
        await base.DisposeAsync();
        await Link.DisposeAsync();
        if (!_keepSpill && Directory.Exists(SpillDirectory)) Directory.Delete(SpillDirectory, recursive: true);
    }

    public async Task<(CpoSimulator.CpoSimulator Cpo, string Uid, string PartnerId)> CpoWithTokenAsync()
    {
        var (cpo, partnerId) = await RegisteredCpoAsync(new() { Party = NextParty(), Modules = [("locations", Protocol.Versions.InterfaceRole.SENDER)] });
        var uid = "O" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        (await PutTokenAsync(NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        return (cpo, uid, partnerId);
    }

    /// <summary>The authorization's reference, or null when the request was refused (HTTP 401).</summary>
    public static async Task<string?> AuthorizeAsync(CpoSimulator.CpoSimulator cpo, string uid)
    {
        // Bounded only so that a request stuck on the cut database fails the test instead of hanging it.
        var result = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp)
            .WaitAsync(TimeSpan.FromMinutes(2));
        if (result.HttpStatus == HttpStatusCode.Unauthorized) return null;
        result.StatusCode.ShouldBe(1000);
        result.Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        return result.Data.GetProperty("authorization_reference").GetString()!;
    }

    /// <summary>Straight to the database, not through the link.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public Task<long> StoredAsync(string reference) =>
        ScalarAsync($"select count(*) from emsp.mt_events where stream_id = 'authorization:{reference}'");

    public IReadOnlyList<string> SpillFiles(string prefix) => Directory.Exists(SpillDirectory)
        ? Directory.GetFiles(SpillDirectory, prefix + "*.ndjson")
        : [];
}

/// <summary>A clock that moves only when told.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
