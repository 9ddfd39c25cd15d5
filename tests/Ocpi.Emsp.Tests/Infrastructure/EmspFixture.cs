using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Partners;
using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// One eMSP host (Alba, real ASP.NET pipeline) on its own fresh database of the shared test PostgreSQL server.
/// Simulated CPOs run on real Kestrel and reach this host through its in-memory handler.
/// </summary>
public class EmspFixture : IAsyncLifetime
{
    public const string ApiKey = "test-api-key";
    public const string PublicUrl = "http://emsp.test";
    public const string VersionsUrl = PublicUrl + "/ocpi/versions";

    private readonly List<CpoSimulator.CpoSimulator> _cpos = [];

    public IAlbaHost Host { get; private set; } = null!;
    /// <summary>A fresh database unless set before <see cref="InitializeAsync"/> (a second host on the same data).</summary>
    public string ConnectionString { get; protected set; } = "";

    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0) ConnectionString = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
            builder.UseSetting("Emsp:PublicUrl", PublicUrl);
            builder.UseSetting("Emsp:ApiKey", ApiKey);
            builder.UseSetting("Emsp:PartnerCallTimeout", "00:00:05");
            // Meters are process-wide: a host's instruments end when it stops, and a meter provider of another host that
            // shares their names loses those metrics with them. Only the telemetry tests' host turns it on.
            builder.UseSetting("Emsp:Telemetry:Enabled", "false");
            Configure(builder);
        });
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var cpo in _cpos) await cpo.DisposeAsync();
        await Host.DisposeAsync();
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>A new CPO on Kestrel that reaches this eMSP in memory.</summary>
    public async Task<CpoSimulator.CpoSimulator> StartCpoAsync(CpoSimulatorOptions? options = null)
    {
        options ??= new CpoSimulatorOptions { Party = NextParty() };
        var cpo = await CpoSimulator.CpoSimulator.StartAsync(options, Host.Server.CreateHandler());
        _cpos.Add(cpo);
        return cpo;
    }

    private static int _parties;

    /// <summary>A party id unique within the test run, so that tests sharing a host never claim the same party.</summary>
    public static PartyRef NextParty()
    {
        var n = Interlocked.Increment(ref _parties);
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return new PartyRef("DE", $"Q{digits[n / 36 % 36]}{digits[n % 36]}");
    }

    /// <summary>An HTTP client for the internal API, with the API key.</summary>
    public HttpClient InternalApi()
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async Task<(string PartnerId, string TokenA)> InviteAsync()
    {
        var response = await InternalApi().PostAsJsonAsync("/api/partners/invitations", new { label = "test" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("partner_id").GetString()!, body.GetProperty("token_a").GetString()!);
    }

    /// <summary>A CPO registered with us through the standard handshake (it POSTs its credentials with our token A).</summary>
    public async Task<(CpoSimulator.CpoSimulator Cpo, string PartnerId)> RegisteredCpoAsync(CpoSimulatorOptions? options = null)
    {
        var cpo = await StartCpoAsync(options);
        var (partnerId, tokenA) = await InviteAsync();
        var result = await cpo.RegisterWithAsync(VersionsUrl, tokenA);
        if (result.StatusCode != 1000) throw new InvalidOperationException($"Registration failed: {result.StatusMessage}");
        return (cpo, partnerId);
    }

    public async Task<Partner?> LoadPartnerAsync(string partnerId)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<Partner>(partnerId);
    }

    public async Task<IReadOnlyList<string>> EventTypesAsync(string streamKey)
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(streamKey);
        return events.Select(e => e.Data.GetType().Name).ToList();
    }

    public static JsonSerializerOptions Json => OcpiJson.Options;
}
