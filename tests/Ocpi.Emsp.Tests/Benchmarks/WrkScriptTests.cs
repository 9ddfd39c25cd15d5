using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Tests.Benchmarks;

/// <summary>
/// The benchmark's wrk script against a small real HTTP server (Kestrel on loopback) that records what it receives:
/// ids in path and body agree and never repeat, uids come from the file, and answers other than 1000 count as errors.
/// Needs wrk on PATH (`bash .ci/run` installs it when missing).
/// </summary>
public sealed class WrkScriptTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Method, string Path, string? BodyId, string? Authorization, string? RequestId)> _received = new();
    private WebApplication _app = null!;
    private string _url = "", _directory = "", _script = "", _wrk = "";

    public async Task InitializeAsync()
    {
        _wrk = Wrk.Locate() ?? throw new InvalidOperationException(Wrk.InstallHint);
        _directory = Directory.CreateTempSubdirectory("wrk-script-test").FullName;
        _script = Wrk.WriteScript(_directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders(); // a fake target: a log line per request would only bury the test output
        _app = builder.Build();
        _app.Run(async context =>
        {
            string? bodyId = null;
            if (context.Request.ContentLength > 0)
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                bodyId = body.RootElement.GetProperty("id").GetString();
            }

            var path = context.Request.Path.Value!;
            _received.Enqueue((context.Request.Method, path, bodyId, context.Request.Headers.Authorization, context.Request.Headers["X-Request-ID"]));
            // Refused: a path whose id ends in 2 (each wrk thread's second request, then a tenth of them).
            var refused = path.EndsWith('2') || (bodyId is not null && !path.EndsWith("/" + bodyId, StringComparison.Ordinal));
            context.Response.StatusCode = refused ? 400 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(refused ? """{"status_code":2001}""" : """{"data":null,"status_code":1000}""");
        });
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // One request of each kind first: on a busy machine the server's first answers (JIT) can outlast a 1 s wrk run.
        using var client = new HttpClient { BaseAddress = new Uri(_url) };
        (await client.PutAsync("/warm/1", new StringContent("""{"id":"1"}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await client.PostAsync("/warm/3", null)).EnsureSuccessStatusCode();
        _received.Clear();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task each_put_carries_a_new_id_in_path_and_body_and_refusals_count_as_errors()
    {
        var body = Path.Combine(_directory, "session.json");
        await File.WriteAllTextAsync(body, """{"country_code":"DE","party_id":"CPX","id":"__ID__","kwh":0}""");

        var run = await Wrk.RunAsync(_wrk, _script, _url, connections: 4, threads: 2, TimeSpan.FromSeconds(2),
            new Wrk.Request("PUT", "/ocpi/2.3.0/sessions/DE/CPX/__ID__", body, null, "Token abc="), "T1-", CancellationToken.None);

        var received = _received.ToList();
        received.Count.ShouldBeGreaterThan(4);
        received.ShouldAllBe(r => r.Method == "PUT" && r.Authorization == "Token abc=" && r.RequestId != null && r.RequestId.StartsWith("T1-"));
        received.ShouldAllBe(r => r.Path == "/ocpi/2.3.0/sessions/DE/CPX/" + r.BodyId && r.BodyId!.StartsWith("T1-"));
        received.Select(r => r.BodyId).Distinct().Count().ShouldBe(received.Count);
        var refused = received.Count(r => r.Path.EndsWith('2'));
        refused.ShouldBeGreaterThan(0);
        // wrk stops with requests still in flight: what it counted is what it read back, at most what was received.
        run.Figures.Requests.ShouldBeLessThanOrEqualTo(received.Count);
        run.Figures.Bad.ShouldBeInRange(refused - 4, refused);
        run.Errors.ShouldBe(run.Figures.Bad);
        // wrk adds the answers a fixed-rate client would have waited for behind each slow one (its coordinated-omission
        // correction) before done() reads the histogram: at least one latency per answer.
        run.Latency.Count.ShouldBeGreaterThanOrEqualTo(run.Figures.Requests);
        run.Figures.Sample.ShouldContain("2001");
    }

    [Fact]
    public async Task uids_are_drawn_from_the_file()
    {
        var uids = Path.Combine(_directory, "uids.txt");
        await File.WriteAllLinesAsync(uids, ["BT000000001", "BT000000002", "BT000000003"]);

        var run = await Wrk.RunAsync(_wrk, _script, _url, connections: 2, threads: 1, TimeSpan.FromSeconds(2),
            new Wrk.Request("POST", "/ocpi/2.3.0/tokens/__ID__/authorize", null, uids, "Token abc="), "T2-", CancellationToken.None);

        var paths = _received.Select(r => r.Path).ToList();
        paths.ShouldNotBeEmpty();
        paths.Distinct().ShouldBeSubsetOf(
            ["/ocpi/2.3.0/tokens/BT000000001/authorize", "/ocpi/2.3.0/tokens/BT000000002/authorize", "/ocpi/2.3.0/tokens/BT000000003/authorize"]);
        _received.ShouldAllBe(r => r.Method == "POST" && r.BodyId == null);
        run.Errors.ShouldBe(0);
        run.Figures.Ok.ShouldBe(run.Figures.Requests);
    }
}
