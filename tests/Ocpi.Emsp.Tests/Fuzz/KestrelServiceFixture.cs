using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ocpi.Emsp.Benchmarks;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Fuzz;

/// <summary>
/// The service as its own process on real Kestrel (its shipped runtime settings, its own URL parsing), on a fresh
/// database: for what the in-memory test server cannot show, raw request lines and the process's memory.
/// </summary>
public sealed class KestrelServiceFixture : IAsyncLifetime
{
    public const string ApiKey = "kestrel-service-test-key-0123456789";
    private ServiceProcess? _service;

    public string BaseUrl { get; private set; } = "";
    public int Port { get; private set; }
    public int Pid => _service!.Pid;
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(KestrelServiceFixture));
        Port = BenchEnvironment.FreeLoopbackPort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        var dll = BenchEnvironment.ResolveServiceDll(null, BenchEnvironment.FindRepositoryRoot());
        var log = Path.Combine(TestPostgres.CreateScratchDirectory("kestrel-service"), "service.log");
        _service = ServiceProcess.Start(dll, new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = connectionString,
            ["Urls"] = BaseUrl,
            ["Emsp__PublicUrl"] = BaseUrl,
            ["Emsp__ApiKey"] = ApiKey,
            ["Serilog__MinimumLevel__Default"] = "Information",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        }, [], log);
        Client.BaseAddress = new Uri(BaseUrl);
        await Eventually.HoldsAsync(async () =>
        {
            if (_service.HasExited) throw new InvalidOperationException($"The service exited:\n{_service.LogTail()}");
            try
            {
                return (await Client.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the service process ready", TimeSpan.FromMinutes(3));
    }

    /// <summary>A token A of a new invitation: it opens the credentials module, whose POST reads and validates a body.</summary>
    public async Task<string> InviteAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/partners/invitations") { Content = JsonContent.Create(new { label = "kestrel" }) };
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token_a").GetString()!;
    }

    /// <summary>Sends a request line exactly as written (no client normalises '..' or '%2F'); returns status and body.</summary>
    public async Task<(int Status, string Body)> RawAsync(string requestLine)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        var response = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1]);
        var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = response[(headerEnd + 4)..];
        return (status, response[..headerEnd].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        for (var at = 0; at < chunked.Length;)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0) break;
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return body.ToString();
    }

    public double RssMb() => ProcStatus.Read(Pid)?.RssMb ?? throw new InvalidOperationException("The service process is gone");

    public string LogTail() => _service?.LogTail(60) ?? "";

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_service is not null) await _service.DisposeAsync();
    }
}
