using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Ocpi.Emsp.Benchmarks;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// The service on real Kestrel over loopback (what a browser or another process must reach; an in-memory test server is
/// not reachable) on a fresh database, with an internal API client holding the key.
/// </summary>
public sealed class KestrelService : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private KestrelService(WebApplicationFactory<Program> factory, string baseUrl, string apiKey)
    {
        _factory = factory;
        BaseUrl = baseUrl;
        Api = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(1) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public string BaseUrl { get; }
    public HttpClient Api { get; }
    public IServiceProvider Services => _factory.Services;

    /// <param name="database">Name of the fresh test database.</param>
    /// <param name="settings">Further settings of the service (key, value).</param>
    public static async Task<KestrelService> StartAsync(string database, string apiKey, params (string Key, string Value)[] settings)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(database);
        var port = BenchEnvironment.FreeLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Emsp:PublicUrl", baseUrl);
            builder.UseSetting("Emsp:ApiKey", apiKey);
            builder.UseSetting("Emsp:PartnerCallTimeout", "00:00:05");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return new KestrelService(factory, baseUrl, apiKey);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
    }
}
