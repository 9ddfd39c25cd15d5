using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Telemetry;

/// <summary>
/// The one host of the test run with telemetry on (meters are process-wide: see EmspFixture), shared by the telemetry
/// tests: gauges read again at every scrape, spans also recorded into memory, and Emsp:Telemetry:OtlpEndpoint pointing
/// at a collector stand-in on Kestrel (OTLP over http/protobuf; metrics every half second, spans every 200 ms).
/// Assertions select a test's partner by its party label.
/// </summary>
public sealed class TelemetryFixture : TokensFixture
{
    private readonly WebApplication _collector;

    public TelemetryFixture()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders(); // a fake target: a log line per request would only bury the test output
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Exported.Add((signal, request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        _collector.StartAsync().GetAwaiter().GetResult();
        CollectorUrl = _collector.Urls.Single();
    }

    public string CollectorUrl { get; }

    /// <summary>What reached the collector stand-in: signal ("traces", "metrics"), content type, body.</summary>
    public ConcurrentBag<(string Signal, string ContentType, byte[] Body)> Exported { get; } = [];

    public SpanLog Spans { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        builder.UseSetting("Emsp:Telemetry:Enabled", "true")
            .UseSetting("Emsp:Telemetry:GaugeRefreshInterval", "00:00:00")
            .UseSetting("Emsp:Telemetry:OtlpEndpoint", CollectorUrl)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "500")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200")
            .ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _collector.DisposeAsync();
    }

    /// <summary>The Prometheus text of /metrics, parsed into samples.</summary>
    public async Task<IReadOnlyList<Sample>> ScrapeAsync()
    {
        var response = await Host.Server.CreateClient().GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        return Sample.Parse(await response.Content.ReadAsStringAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "Telemetry";
}

/// <summary>One line of the Prometheus text format: name{labels} value.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var v) && v == value;

    public static IReadOnlyList<Sample> Parse(string text) => text.Split('\n')
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(ParseLine)
        .ToList();

    private static Sample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>();
        var brace = line.IndexOf('{');
        var name = brace >= 0 ? line[..brace] : line[..line.IndexOf(' ')];
        if (brace >= 0)
        {
            var body = line[(brace + 1)..line.LastIndexOf('}')];
            foreach (var pair in body.Split("\",", StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
            }
        }
        // A sample may end with a timestamp: the value is the first number after the labels.
        var rest = line[(brace >= 0 ? line.LastIndexOf('}') + 1 : name.Length)..].Trim().Split(' ')[0];
        return new Sample(name, labels, double.Parse(rest, CultureInfo.InvariantCulture));
    }
}

/// <summary>The in-memory exporter's collection, safe to read while spans of other requests are added.</summary>
public sealed class SpanLog : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans) return [.. _spans];
    }

    public void Add(Activity item)
    {
        lock (_spans) _spans.Add(item);
    }

    public void Clear()
    {
        lock (_spans) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_spans) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_spans) return _spans.Remove(item);
    }

    public int Count
    {
        get
        {
            lock (_spans) return _spans.Count;
        }
    }

    public bool IsReadOnly => false;
    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
