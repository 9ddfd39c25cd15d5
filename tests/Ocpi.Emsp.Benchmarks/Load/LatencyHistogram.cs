using System.Globalization;

namespace Ocpi.Emsp.Benchmarks.Load;

/// <summary>
/// Latencies as whole microseconds with their counts: what wrk and pgbench give us, merged over the slices of a run so
/// that its percentiles are exact (nearest rank) over every request, not an average of the slices' percentiles.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly SortedDictionary<long, long> _counts = [];

    public long Count { get; private set; }

    public void Add(long microseconds, long count = 1)
    {
        if (count <= 0) return;
        _counts[microseconds] = _counts.GetValueOrDefault(microseconds) + count;
        Count += count;
    }

    public void Add(LatencyHistogram other)
    {
        foreach (var (value, count) in other._counts) Add(value, count);
    }

    public static LatencyHistogram Merge(IEnumerable<LatencyHistogram> histograms)
    {
        var merged = new LatencyHistogram();
        foreach (var histogram in histograms) merged.Add(histogram);
        return merged;
    }

    /// <summary>Nearest-rank percentile in milliseconds (0 when empty); <paramref name="p"/> in 0..1.</summary>
    public double PercentileMs(double p)
    {
        if (Count == 0) return 0;
        var rank = Math.Clamp((long)Math.Ceiling(p * Count), 1, Count);
        var seen = 0L;
        foreach (var (value, count) in _counts)
        {
            seen += count;
            if (seen >= rank) return Math.Round(value / 1000.0, 2);
        }

        return Math.Round(_counts.Keys.Last() / 1000.0, 2);
    }

    public double MaxMs => Count == 0 ? 0 : Math.Round(_counts.Keys.Last() / 1000.0, 2);

    public double MeanMs => Count == 0 ? 0 : Math.Round(_counts.Sum(c => (double)c.Key * c.Value) / Count / 1000.0, 2);

    /// <summary>Reads wrk's "microseconds:count microseconds:count ..." (see wrk-ocpi.lua).</summary>
    public static LatencyHistogram ParsePairs(string text)
    {
        var histogram = new LatencyHistogram();
        foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':');
            if (colon <= 0) throw new FormatException($"Not a microseconds:count pair: '{pair}'");
            histogram.Add(long.Parse(pair[..colon], CultureInfo.InvariantCulture), long.Parse(pair[(colon + 1)..], CultureInfo.InvariantCulture));
        }

        return histogram;
    }
}
