using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ocpi.Emsp.Benchmarks.Load;

/// <summary>
/// Closed-loop load: N workers each send one request after the other until a request count (or a duration) is reached.
/// Every request's latency is recorded; percentiles come from the sorted array (nearest rank).
/// </summary>
public static class LoadGenerator
{
    /// <summary>The latencies, wall time and errors of one run, before they are summarised (slices of runs are merged).</summary>
    public sealed record Raw(double[] LatenciesMs, TimeSpan Elapsed, int Errors, IReadOnlyList<string> ErrorSamples);

    /// <param name="operation">Sends request number i (0-based within this run); true when it succeeded.</param>
    public static async Task<RunResult> RunAsync(string scenario, int concurrency, int requests, TimeSpan? duration, TimeSpan maxTime,
        Func<int, CancellationToken, Task<bool>> operation, CancellationToken cancellationToken) =>
        Summarise(scenario, concurrency, [await RunRawAsync(concurrency, requests, duration, maxTime, operation, cancellationToken)]);

    public static async Task<Raw> RunRawAsync(int concurrency, int requests, TimeSpan? duration, TimeSpan maxTime,
        Func<int, CancellationToken, Task<bool>> operation, CancellationToken cancellationToken)
    {
        var next = -1;
        var errors = 0;
        var errorSamples = new ConcurrentQueue<string>();
        var perWorker = new List<long>[concurrency];
        var deadline = Stopwatch.GetTimestamp() + Ticks(duration ?? maxTime);
        var limit = duration is null ? requests : int.MaxValue;

        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var latencies = perWorker[w] = new List<long>(duration is null ? requests / concurrency + 1 : 4096);
            while (!cancellationToken.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= limit || Stopwatch.GetTimestamp() >= deadline) break;
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(i, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    ok = false;
                    if (errorSamples.Count < 5) errorSamples.Enqueue($"{e.GetType().Name}: {e.Message}");
                }

                latencies.Add(Stopwatch.GetTimestamp() - t0);
                if (!ok) Interlocked.Increment(ref errors);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var all = perWorker.SelectMany(l => l ?? []).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        return new Raw(all, elapsed, errors, [.. errorSamples]);
    }

    /// <summary>One result of several slices: their requests over their summed wall time, percentiles over all latencies.</summary>
    public static RunResult Summarise(string scenario, int concurrency, IReadOnlyList<Raw> slices)
    {
        var result = Summarise(scenario, concurrency, slices.SelectMany(s => s.LatenciesMs).ToArray(),
            TimeSpan.FromTicks(slices.Sum(s => s.Elapsed.Ticks)));
        result.Errors = slices.Sum(s => s.Errors);
        result.ErrorSamples = [.. slices.SelectMany(s => s.ErrorSamples).Take(5)];
        return result;
    }

    public static RunResult Summarise(string scenario, int concurrency, double[] latenciesMs, TimeSpan elapsed)
    {
        Array.Sort(latenciesMs);
        return new RunResult
        {
            Scenario = scenario,
            Concurrency = concurrency,
            Requests = latenciesMs.Length,
            Seconds = Math.Round(elapsed.TotalSeconds, 3),
            RequestsPerSecond = elapsed.TotalSeconds > 0 ? Math.Round(latenciesMs.Length / elapsed.TotalSeconds, 1) : 0,
            P50Ms = Percentile(latenciesMs, 0.50),
            P95Ms = Percentile(latenciesMs, 0.95),
            P99Ms = Percentile(latenciesMs, 0.99),
            MaxMs = latenciesMs.Length == 0 ? 0 : Math.Round(latenciesMs[^1], 2),
            MeanMs = latenciesMs.Length == 0 ? 0 : Math.Round(latenciesMs.Average(), 2),
        };
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 2);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
