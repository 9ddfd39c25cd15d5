using System.Text.Json;
using Ocpi.Emsp.Benchmarks;
using Ocpi.Emsp.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>
/// The service as an operator runs it (its own process, its embedded PostgreSQL, a graceful stop): one log format from the
/// embedded database's start to its stop, and a normal shutdown without warnings or stack traces.
/// </summary>
public sealed class ServiceLogFormatTests
{
    [Fact]
    public async Task json_format_writes_every_line_from_the_database_start_to_its_stop_as_compact_json()
    {
        var lines = await RunServiceOnceAsync("json");

        lines.ShouldNotBeEmpty();
        var events = lines.Select(line => ParseJsonLine(line)).ToList();
        foreach (var e in events) Has(e, "@t").ShouldBeTrue(e.ToString());
        foreach (var e in events) Has(e, "@m").ShouldBeTrue(e.ToString());
        var messages = events.Select(e => e.GetProperty("@m").GetString()!).ToList();
        messages.First().ShouldContain("embedded PostgreSQL");
        var answered = events.Single(e => e.GetProperty("@m").GetString()!.StartsWith("HTTP GET /ocpi/versions answered 401", StringComparison.Ordinal));
        (answered.GetProperty("XRequestId").GetString(), answered.GetProperty("XCorrelationId").GetString())
            .ShouldBe(("log-request-1", "log-correlation-1"), "the request's OCPI ids on its request-log line");
        messages.Last().ShouldContain("stopped");
        events.Where(e => Has(e, "@x")).ShouldBeEmpty("no exception at a normal start and stop");
        // Compact JSON leaves @l out for Information; anything else (a warning at shutdown, say) carries it.
        events.Where(e => Has(e, "@l")).Select(e => e.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public async Task text_format_has_one_line_shape_and_a_quiet_shutdown()
    {
        var lines = await RunServiceOnceAsync("text");

        lines.ShouldNotBeEmpty();
        lines.ShouldAllBe(line => line.StartsWith('[') && line.Substring(9, 6) == " INF] ", $"every line in the service's format");
        lines.ShouldContain(line => line.Contains("HTTP GET /ocpi/versions answered 401", StringComparison.Ordinal));
        lines.Last().ShouldContain("Embedded PostgreSQL");
        lines.Last().ShouldContain("stopped");
    }

    private static bool Has(JsonElement e, string member) => e.TryGetProperty(member, out _);

    private static JsonElement ParseJsonLine(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ShouldAssertException($"Not a JSON line: {line}");
        }
    }

    /// <summary>Starts the service without a connection string (so with its embedded database), asks one thing, stops it.</summary>
    private static async Task<IReadOnlyList<string>> RunServiceOnceAsync(string format)
    {
        var scratch = TestPostgres.CreateScratchDirectory("log-format");
        var port = BenchEnvironment.FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var log = Path.Combine(scratch, "service.log");
        var dll = BenchEnvironment.ResolveServiceDll(null, BenchEnvironment.FindRepositoryRoot());
        await using var service = ServiceProcess.Start(dll, new Dictionary<string, string>
        {
            ["Urls"] = url,
            ["Emsp__PublicUrl"] = url,
            ["Emsp__ApiKey"] = "log-format-test-key-0123456789",
            ["Emsp__EmbeddedDatabase__DataDirectory"] = Path.Combine(scratch, "pgdata"),
            ["Emsp__Logging__Format"] = format,
            ["Serilog__MinimumLevel__Default"] = "Information",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        }, [], log);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.HoldsAsync(async () =>
        {
            if (service.HasExited) throw new InvalidOperationException($"The service exited:\n{service.LogTail()}");
            try
            {
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the service process ready", TimeSpan.FromMinutes(3));
        using var versions = new HttpRequestMessage(HttpMethod.Get, "/ocpi/versions")
        {
            Headers = { { "X-Request-ID", "log-request-1" }, { "X-Correlation-ID", "log-correlation-1" } },
        };
        (await http.SendAsync(versions)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        await service.StopAsync(TimeSpan.FromSeconds(60));
        service.ExitCode.ShouldBe(0, service.LogTail());
        return [.. (await File.ReadAllLinesAsync(log)).Where(line => line.Length > 0)];
    }
}
