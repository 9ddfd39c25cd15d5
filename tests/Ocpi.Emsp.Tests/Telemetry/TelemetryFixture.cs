using System.Collections;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Telemetry;

/// <summary>
/// An eMSP with traces recorded into memory (as an OTLP exporter would receive them) and gauges read again at every
/// scrape. Instruments are process-wide: other hosts of the test run feed the same meter and source, so assertions
/// select this test's partner by its party label.
/// </summary>
public sealed class TelemetryFixture : TokensFixture
{
    public SpanLog Spans { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        builder.UseSetting("Emsp:Telemetry:Tracing", "true")
            .UseSetting("Emsp:Telemetry:GaugeRefreshInterval", "00:00:00")
            .ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
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
