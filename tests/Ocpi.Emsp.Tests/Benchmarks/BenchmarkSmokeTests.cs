using System.Text.Json;
using Ocpi.Emsp.Benchmarks;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Benchmarks;

/// <summary>
/// Keeps the benchmark program (tests/Ocpi.Emsp.Benchmarks) working: runs it in-process with tiny sizes (--quick: its own
/// PostgreSQL, the service as a process, a registered CPO, every phase) and checks that every section was measured
/// without errors. No timing is asserted: the figures of a quick run on a busy test machine mean nothing.
/// </summary>
public sealed class BenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task the_quick_benchmark_measures_every_section_without_errors()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ocpi-emsp-bench-smoke-{Guid.NewGuid():N}");
        var outPath = Path.Combine(directory, "benchmark-results.json");
        var options = BenchmarkOptions.Parse(["--quick", "--out", outPath], out var error);
        error.ShouldBeNull();
        var log = new StringWriter();
        try
        {
            BenchmarkReport report;
            try
            {
                report = await Benchmark.RunAsync(options!, TextWriter.Synchronized(log));
            }
            finally
            {
                output.WriteLine(log.ToString());
            }

            report.Mode.ShouldBe("quick");
            report.Notes.ShouldNotContain(n => n.StartsWith("FAILED", StringComparison.Ordinal));
            report.Completed.ShouldBeTrue();

            report.Baseline.Select(r => r.Concurrency).ShouldBe([1, 2]);
            report.Ingestion.Select(r => (r.Scenario, r.Concurrency)).ShouldBe(
            [
                ("session-put", 1), ("session-put", 2), ("evse-patch", 1), ("evse-patch", 2), ("cdr-post", 1), ("cdr-post", 2),
            ]);
            foreach (var run in report.Baseline.Concat(report.Ingestion).Append(report.Authorization!.Run))
            {
                run.Errors.ShouldBe(0, $"{run.Scenario} c={run.Concurrency}: {string.Join("; ", run.ErrorSamples)}");
                run.Requests.ShouldBeGreaterThan(0);
                run.RequestsPerSecond.ShouldBeGreaterThan(0);
                run.P50Ms.ShouldBeGreaterThan(0);
                run.P99Ms.ShouldBeGreaterThanOrEqualTo(run.P50Ms);
            }

            report.Ingestion.ShouldAllBe(r => r.RatioToBaseline > 0);
            foreach (var put in report.Ingestion.Where(r => r.Scenario == "session-put"))
            {
                // Measured in rounds against baseline slices of its own: two rounds of 20 requests each in quick mode.
                var paired = put.PairedBaseline.ShouldNotBeNull();
                put.PairedRounds.ShouldBe(2);
                paired.Requests.ShouldBe(40);
                put.Requests.ShouldBe(40);
                put.RatioToBaseline.ShouldBe(Math.Round(put.RequestsPerSecond / paired.RequestsPerSecond, 3));
                var first = report.Baseline.Single(b => b.Concurrency == put.Concurrency);
                put.RatioToBaselineRun.ShouldBe(Math.Round(put.RequestsPerSecond / first.RequestsPerSecond, 3));
                put.TargetRatio.ShouldBe(put.BaselineRunComparable
                    ? Math.Min(put.RatioToBaseline!.Value, put.RatioToBaselineRun!.Value)
                    : put.RatioToBaseline!.Value);
            }
            report.Authorization.TokenCount.ShouldBe(300);
            report.Authorization.TokenCreationErrors.ShouldBe(0);
            report.Authorization.Decisions.Keys.ShouldBe(["ALLOWED"]);

            report.ProjectionLag.Count.ShouldBe(2);
            report.ProjectionLag.ShouldAllBe(l => l.Observed == l.Cdrs && l.NotVisibleInTime == 0 && l.P99Ms > 0);

            var replay = report.Replay.ShouldNotBeNull();
            replay.TotalEvents.ShouldBeGreaterThanOrEqualTo(2000);
            replay.ExitCode.ShouldBe(0);
            replay.Verified.ShouldBeTrue(string.Join("; ", replay.Verification.Select(v => $"{v.Key}: {v.Value}")));
            replay.EventsPerSecond.ShouldBeGreaterThan(0);
            replay.PeakRssMb.ShouldBeGreaterThan(0);

            report.Memory.AtRestMb.ShouldBeGreaterThan(0);
            report.Memory.UnderLoadPeakMb.ShouldBeGreaterThan(0);
            report.Memory.AfterReplayAtRestMb.ShouldBeGreaterThan(0);
            report.Memory.AfterReplayWarmMb.ShouldBeGreaterThan(0);
            report.Targets.ShouldNotBeEmpty();
            report.Machine.ProcessorCount.ShouldBeGreaterThan(0);

            // The JSON file holds the same sections.
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(outPath));
            foreach (var section in new[] { "machine", "baseline", "ingestion", "authorization", "projection_lag", "replay", "memory", "targets" })
                json.RootElement.TryGetProperty(section, out _).ShouldBeTrue($"section {section} missing from the JSON file");
            json.RootElement.GetProperty("completed").GetBoolean().ShouldBeTrue();
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
