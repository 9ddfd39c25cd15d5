using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator;

/// <summary>
/// A small but real OCPI 2.3.0 CPO on Kestrel (loopback, free port): versions, credentials (both directions of the
/// handshake) and recording receivers for the functional modules. Used by the tests and the benchmark.
/// </summary>
public sealed partial class CpoSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _acceptedTokens = new(); // token -> "A" | "C"
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private HttpClient _client;

    public CpoSimulatorOptions Options { get; }
    public string BaseUrl { get; private set; } = "";
    public string VersionsUrl => $"{BaseUrl}/ocpi/versions";
    public string CredentialsUrl => $"{BaseUrl}/ocpi/2.3.0/credentials";

    /// <summary>While true, every request is answered HTTP 503 without an envelope (the CPO is down).</summary>
    public bool Down { get; set; }

    /// <summary>The token we present to the eMSP (B when the eMSP registered with us, C when we registered with it).</summary>
    public string? TokenForEmsp { get; private set; }

    /// <summary>The token the eMSP presents to us after a handshake.</summary>
    public string? TokenFromEmsp { get; private set; }

    public string? EmspVersionsUrl { get; private set; }
    public IReadOnlyList<VersionEndpoint> EmspEndpoints { get; private set; } = [];

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    private CpoSimulator(WebApplication app, CpoSimulatorOptions options, HttpMessageHandler? emspHandler)
    {
        _app = app;
        Options = options;
        _client = emspHandler is null ? new HttpClient() : new HttpClient(emspHandler, disposeHandler: false);
    }

    /// <param name="emspHandler">How to reach the eMSP (e.g. an in-memory test server handler); null for real network.</param>
    public static async Task<CpoSimulator> StartAsync(CpoSimulatorOptions? options = null, HttpMessageHandler? emspHandler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        options ??= new CpoSimulatorOptions();
        builder.WebHost.UseKestrel().UseUrls(options.ListenUrl);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var simulator = new CpoSimulator(app, options, emspHandler);
        simulator.MapRoutes();
        await app.StartAsync();
        simulator.BaseUrl = options.PublicUrl?.TrimEnd('/') ??
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return simulator;
    }

    /// <summary>Issues a token A for the eMSP to register with us.</summary>
    public string IssueTokenA()
    {
        var token = NewToken();
        _acceptedTokens[token] = "A";
        return token;
    }

    /// <summary>A fresh token the eMSP may use to call us (what we put in our credentials as token B).</summary>
    public string IssueTokenForEmsp()
    {
        var token = NewToken();
        _acceptedTokens[token] = "C";
        return token;
    }

    public void ClearRequests() => _requests.Clear();

    public IEnumerable<RecordedRequest> RequestsTo(string pathPrefix) =>
        Requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<CredentialsRole> Roles =>
    [
        new(Role.CPO, new BusinessDetails(Options.Name), Options.Party.PartyId, Options.Party.CountryCode),
        .. Options.ExtraParties.Select(p => new CredentialsRole(Role.CPO, new BusinessDetails($"{Options.Name} {p}"), p.PartyId, p.CountryCode)),
    ];

    public Credentials OurCredentials(string token) => new(token, VersionsUrl, Roles, Options.HubPartyId);

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private string AuthorizationFor(string token) =>
        Options.SendRawToken ? CredentialsTokenHeader.EncodeRaw(token) : CredentialsTokenHeader.Encode(token);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
