namespace Ocpi.Emsp.Benchmarks.Load;

/// <summary>Builds <see cref="RunResult"/>s from latency histograms, and merges the slices of one run.</summary>
public static class RunResults
{
    public static RunResult From(string scenario, int concurrency, LatencyHistogram latency, double seconds, int errors, string generator) => new()
    {
        Scenario = scenario,
        Concurrency = concurrency,
        Generator = generator,
        Requests = (int)latency.Count,
        Errors = errors,
        Seconds = Math.Round(seconds, 3),
        RequestsPerSecond = seconds > 0 ? Math.Round(latency.Count / seconds, 1) : 0,
        P50Ms = latency.PercentileMs(0.50),
        P95Ms = latency.PercentileMs(0.95),
        P99Ms = latency.PercentileMs(0.99),
        MaxMs = latency.MaxMs,
        MeanMs = latency.MeanMs,
        Latency = latency,
    };

    /// <summary>
    /// One result of several slices: their requests over their summed time, percentiles over every latency, CPU per
    /// request from the slices' summed CPU (each slice's per-request figure times its requests).
    /// </summary>
    public static RunResult Merge(string scenario, int concurrency, IReadOnlyList<RunResult> slices)
    {
        var requests = slices.Sum(s => (long)s.Requests);
        var seconds = slices.Sum(s => s.Seconds);
        var merged = From(scenario, concurrency, LatencyHistogram.Merge(slices.Select(s => s.Latency ?? new LatencyHistogram())), seconds,
            slices.Sum(s => s.Errors), slices.FirstOrDefault()?.Generator ?? "");
        merged.Requests = (int)requests;
        merged.RequestsPerSecond = seconds > 0 ? Math.Round(requests / seconds, 1) : 0;
        merged.ErrorSamples = [.. slices.SelectMany(s => s.ErrorSamples).Take(5)];
        if (requests > 0)
        {
            double PerRequest(Func<RunResult, double> figure) => Math.Round(slices.Sum(s => figure(s) * s.Requests) / requests, 3);
            merged.ServiceCpuMsPerRequest = PerRequest(s => s.ServiceCpuMsPerRequest);
            merged.DatabaseCpuMsPerRequest = PerRequest(s => s.DatabaseCpuMsPerRequest);
            merged.LoadGeneratorCpuMsPerRequest = PerRequest(s => s.LoadGeneratorCpuMsPerRequest);
        }

        merged.MachineCpuBusyPercent = seconds > 0 ? Math.Round(slices.Sum(s => s.MachineCpuBusyPercent * s.Seconds) / seconds, 1) : 0;
        return merged;
    }
}
