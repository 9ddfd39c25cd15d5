using System.Text.Json;
using Ocpi.Emsp.Benchmarks;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Benchmarks;

/// <summary>
/// Keeps the benchmark program (tests/Ocpi.Emsp.Benchmarks) working: runs it in-process with tiny sizes (--quick: its own
/// PostgreSQL, the service as a process, a registered CPO, pgbench and wrk, every phase) and checks that every section
/// was measured without errors. No timing is asserted: the figures of a quick run on a busy test machine mean nothing.
/// Needs wrk on PATH (`bash .ci/run` installs it when missing).
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

            // The ceiling comes from pgbench, Session PUT and authorization from wrk; the rest from the .NET client.
            report.Baseline.Select(r => (r.Scenario, r.Generator, r.Concurrency)).ShouldBe([("pgbench-insert", "pgbench", 1), ("pgbench-insert", "pgbench", 2)]);
            report.Ingestion.Select(r => (r.Scenario, r.Concurrency)).ShouldBe(
            [
                ("session-put", 1), ("session-put", 2), ("evse-patch", 1), ("evse-patch", 2), ("cdr-post", 1), ("cdr-post", 2),
            ]);
            report.Ingestion.Where(r => r.Scenario == "session-put").ShouldAllBe(r => r.Generator == "wrk");
            report.Authorization!.Run.Generator.ShouldBe("wrk");
            foreach (var run in report.Baseline.Concat(report.Ingestion).Append(report.Authorization.Run))
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
                // Rounds of (pgbench slice, wrk slice): two at the target concurrency (2 in quick mode), one below it.
                var rounds = put.Rounds.ShouldNotBeNull();
                rounds.Count.ShouldBe(put.Concurrency == 2 ? 2 : 1);
                rounds.ShouldAllBe(r => r.Ceiling.Generator == "pgbench" && r.Scenario.Generator == "wrk" && r.Share > 0);
                var ceiling = put.PairedBaseline.ShouldNotBeNull();
                ceiling.Requests.ShouldBe(rounds.Sum(r => r.Ceiling.Requests));
                put.Requests.ShouldBe(rounds.Sum(r => r.Scenario.Requests));
                put.RatioToBaseline.ShouldBe(Math.Round(put.RequestsPerSecond / ceiling.RequestsPerSecond, 3));
                // CPU per request of the service and of wrk was measured for each slice (pgbench's backends are PostgreSQL's).
                rounds.ShouldAllBe(r => r.Scenario.ServiceCpuMsPerRequest > 0 && r.Ceiling.DatabaseCpuMsPerRequest + r.Ceiling.LoadGeneratorCpuMsPerRequest > 0);
            }

            // Every Session PUT that wrk saw answered with 1000 is a stored session (a request still in flight when wrk
            // stopped may be stored too).
            report.SessionPutsAnswered.ShouldBeGreaterThan(0);
            report.SessionsStored.ShouldBeGreaterThanOrEqualTo(report.SessionPutsAnswered);
            // The service ran as shipped: a request log line for each of them.
            report.SessionPutsLogged.ShouldBeGreaterThanOrEqualTo(report.SessionPutsAnswered);
            report.Authorization.TokenCount.ShouldBe(300);
            report.Authorization.DecisionsStored.ShouldBeGreaterThanOrEqualTo(report.Authorization.DecisionsAnswered);
            report.Authorization.TokenCreationErrors.ShouldBe(0);
            report.Authorization.Decisions.Keys.ShouldBe(["ALLOWED"]);
            // Every CDR of the cost-check phase names the tariff the CPO PUT first, states what it computes, and is checked.
            report.CostChecks.Select(c => c.Run.Concurrency).ShouldBe([1, 2]);
            foreach (var check in report.CostChecks)
            {
                check.Run.Errors.ShouldBe(0);
                check.Checked.ShouldBe(check.Cdrs);
                check.Verdicts.Keys.ShouldBe(["MATCH"]);
                check.LagP99Ms.ShouldBeGreaterThanOrEqualTo(check.LagP50Ms);
            }

            report.ProjectionLag.Count.ShouldBe(2);
            report.ProjectionLag.ShouldAllBe(l => l.Observed == l.Cdrs && l.NotVisibleInTime == 0 && l.P99Ms > 0);
            report.BillingLineLag.Count.ShouldBe(2);
            report.BillingLineLag.ShouldAllBe(l => l.Observed == l.Cdrs && l.NotVisibleInTime == 0 && l.P99Ms > 0);

            var twoNodes = report.TwoNodes.ShouldNotBeNull();
            twoNodes.EvsePatch.Requests.ShouldBeGreaterThan(0);
            twoNodes.EvsePatch.Errors.ShouldBe(0, string.Join("; ", twoNodes.EvsePatch.ErrorSamples));
            twoNodes.Lag.Observed.ShouldBe(twoNodes.Lag.Cdrs);
            twoNodes.Events.ShouldBeGreaterThan(0);

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
            foreach (var section in new[] { "machine", "baseline", "ingestion", "authorization", "projection_lag", "two_nodes", "replay", "memory", "targets" })
                json.RootElement.TryGetProperty(section, out _).ShouldBeTrue($"section {section} missing from the JSON file");
            json.RootElement.GetProperty("completed").GetBoolean().ShouldBeTrue();
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
