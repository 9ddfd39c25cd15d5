using System.Globalization;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>The report as plain-text tables.</summary>
public static class ResultTable
{
    public static void Print(BenchmarkReport r, TextWriter o)
    {
        var m = r.Machine;
        o.WriteLine();
        o.WriteLine($"Ocpi.Emsp benchmark ({r.Mode}) {r.StartedAt:yyyy-MM-dd HH:mm} UTC, commit {r.GitCommit ?? "?"}{(r.GitWorkTreeDirty == true ? " (work tree changed)" : "")}, {r.DurationSeconds:0} s");
        o.WriteLine($"Machine: {m.ProcessorCount} cores {m.CpuModel}, {m.MemoryTotalGiB} GiB, {m.Os} ({m.Kernel}), {m.DotnetVersion}; " +
                    $"CPU check (20,000 Session JSON trees parsed and written, one thread, lower is faster): {m.CpuCheckStartMs} ms at the start, {m.CpuCheckEndMs} ms at the end");
        o.WriteLine($"Database: {m.PostgresVersion?.Split(" on ")[0]} ({r.Settings.PostgresSettings}); service: {r.Settings.ServiceConfiguration} build, own process; " +
            "service, database and load generator share the machine");

        Section(o, $"1. Ceiling: pgbench, single-row INSERT of the Session JSON (jsonb parameter, primary key), one transaction each, " +
            $"prepared, {r.Settings.SliceSeconds:0} s slices alternating with Session PUT's wrk slices (merged per concurrency)");
        Runs(o, r.Baseline, ratio: false);
        foreach (var put in r.Ingestion.Where(x => x.Rounds is { Count: > 0 }))
        {
            o.WriteLine($"   Session PUT c={put.Concurrency} per round (pgbench slice, then wrk slice):");
            foreach (var round in put.Rounds!)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"     round {round.Round}: pgbench {round.Ceiling.RequestsPerSecond,8:0.0} /s p99 {round.Ceiling.P99Ms,6:0.00} ms (CPU ms/req db {round.Ceiling.DatabaseCpuMsPerRequest:0.000} " +
                    $"pgbench {round.Ceiling.LoadGeneratorCpuMsPerRequest:0.000}) | wrk {round.Scenario.RequestsPerSecond,8:0.0} /s p99 {round.Scenario.P99Ms,6:0.00} ms " +
                    $"{round.Scenario.Errors} err (CPU ms/req svc {round.Scenario.ServiceCpuMsPerRequest:0.000} db {round.Scenario.DatabaseCpuMsPerRequest:0.000} " +
                    $"wrk {round.Scenario.LoadGeneratorCpuMsPerRequest:0.000}) | share {round.Share:P1}"));
            }
        }
        Section(o, $"2. Ingestion through HTTP with OCPI auth (EVSE hot set: {r.Settings.HotSetEvses} EVSEs); x ceiling = req/s / pgbench inserts/s at the same concurrency");
        Runs(o, r.Ingestion, ratio: true);

        if (r.Authorization is { } a)
        {
            Section(o, $"3. Real-time authorization over {a.TokenCount:N0} tokens (random uid per request)");
            o.WriteLine($"   tokens: {a.TokensCreatedOverHttp:N0} via PUT /api/tokens, {a.TokensBulkAppended:N0} bulk-appended, {a.TokenCreationSeconds} s " +
                $"({a.TokenCreationPerSecond:0}/s, {a.TokenCreationErrors} errors); sample decisions: {string.Join(", ", a.Decisions.Select(d => $"{d.Key} {d.Value}"))}");
            Runs(o, [a.Run], ratio: false);
            o.WriteLine($"   decisions stored behind the answer: {a.DecisionsAnswered:N0} answered, {a.DecisionsUnstoredAtEnd:N0} not yet stored at the last answer, " +
                $"all {a.DecisionsStored:N0} stored {a.DecisionsStoredWithinMs:0} ms after it");
        }

        Section(o, "4. Projection lag: CDR POST answered 1000 -> visible in the async CpoDailyCdrTotals view");
        o.WriteLine($"   {"conc",5} {"CDRs",7} {"seen",7} {"late",5} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var l in r.ProjectionLag)
            o.WriteLine($"   {l.Concurrency,5} {l.Cdrs,7} {l.Observed,7} {l.NotVisibleInTime,5} {l.P50Ms,9:0.0} {l.P95Ms,9:0.0} {l.P99Ms,9:0.0} {l.MaxMs,9:0.0}");
        if (r.BillingLineLag.Count > 0)
        {
            Section(o, "4a. Billing line lag: CDR POST answered 1000 -> its line in the async BillingLine view (the same CDRs)");
            o.WriteLine($"   {"conc",5} {"CDRs",7} {"seen",7} {"late",5} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9}");
            foreach (var l in r.BillingLineLag)
                o.WriteLine($"   {l.Concurrency,5} {l.Cdrs,7} {l.Observed,7} {l.NotVisibleInTime,5} {l.P50Ms,9:0.0} {l.P95Ms,9:0.0} {l.P99Ms,9:0.0} {l.MaxMs,9:0.0}");
        }

        if (r.CostChecks.Count > 0)
        {
            Section(o, "4a. Cost check on arrival: CDR POSTs naming a tariff we hold; CDR answered 1000 -> its CdrCostChecked event");
            Runs(o, r.CostChecks.Select(c => c.Run).ToList(), ratio: false);
            o.WriteLine($"   {"conc",5} {"CDRs",7} {"checked",8} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9}  verdicts");
            foreach (var c in r.CostChecks)
                o.WriteLine($"   {c.Run.Concurrency,5} {c.Cdrs,7} {c.Checked,8} {c.LagP50Ms,9:0.0} {c.LagP95Ms,9:0.0} {c.LagP99Ms,9:0.0} {c.LagMaxMs,9:0.0}  " +
                    string.Join(", ", c.Verdicts.Select(v => $"{v.Key} {v.Value}")));
        }

        if (r.TwoNodes is { } two)
        {
            Section(o, $"4b. Two service nodes on one database, EVSE PATCHes to the same Locations from both ({two.Seconds:0} s): async daemon lag " +
                "(CPU not attributed: two services, two loads at once)");
            Runs(o, [two.EvsePatch, two.CdrPost], ratio: false);
            var l = two.Lag;
            o.WriteLine($"   CDR answered 1000 -> visible in CpoDailyCdrTotals: {l.Observed}/{l.Cdrs} seen, {l.NotVisibleInTime} late; p50 {l.P50Ms:0.0} ms, " +
                $"p95 {l.P95Ms:0.0} ms, p99 {l.P99Ms:0.0} ms, max {l.MaxMs:0.0} ms");
            o.WriteLine($"   {two.Events:N0} events appended, {two.SequenceGaps:N0} sequence numbers without an event (gaps the daemon waits on)");
        }

        if (r.Replay is { } p)
        {
            Section(o, "5. Replay: dotnet Ocpi.Emsp.dll views rebuild (every stored view)");
            o.WriteLine($"   events: {p.TotalEvents:N0} in {p.Streams:N0} streams ({p.EventsFromHttpPhases:N0} from the HTTP phases, {p.EventsBulkLoaded:N0} bulk-appended " +
                $"in {p.BulkLoadSeconds} s = {p.BulkLoadEventsPerSecond:N0}/s)");
            o.WriteLine($"   rebuild: {p.RebuildSeconds} s wall = {p.EventsPerSecond:N0} events/s; command start-up {p.CommandStartupSeconds} s " +
                $"(without it {p.EventsPerSecondExcludingStartup:N0} events/s); peak RSS {p.PeakRssMb:0} MiB; exit {p.ExitCode}; verified {p.Verified}");
            o.WriteLine($"   CPU during the rebuild: command {p.CommandCpuSeconds} s, PostgreSQL {p.DatabaseCpuSeconds} s (of {p.RebuildSeconds * r.Machine.ProcessorCount:0} core-seconds)");
            foreach (var (name, value) in p.Verification) o.WriteLine($"     {name}: {value}");
        }

        Section(o, "6. Service memory (RSS, MiB)");
        var mem = r.Memory;
        o.WriteLine($"   at rest {mem.AtRestMb:0.0}; under load peak {mem.UnderLoadPeakMb:0.0} (VmHWM {mem.UnderLoadHighWaterMb:0.0}); before replay {mem.BeforeReplayMb:0.0}; " +
            $"after {r.Replay?.TotalEvents:N0} events: at rest {mem.AfterReplayAtRestMb:0.0}, after traffic {mem.AfterReplayWarmMb:0.0} (VmHWM {mem.AfterReplayHighWaterMb:0.0})");
        o.WriteLine($"   idle service CPU: {r.ServiceIdleCpuPercent:0.0} % of one core");

        Section(o, "Targets" + (r.Mode == "quick" ? " (quick mode: sizes too small for the figures to mean anything)" : ""));
        var width = Math.Max(20, r.Targets.Select(t => t.Name.Length).DefaultIfEmpty(20).Max());
        var valueWidth = Math.Max(10, r.Targets.Select(t => t.Value.Length).DefaultIfEmpty(10).Max());
        o.WriteLine($"   {"metric".PadRight(width)}  {"value".PadRight(valueWidth)}  {"target",-18} result");
        foreach (var t in r.Targets)
            o.WriteLine($"   {t.Name.PadRight(width)}  {t.Value.PadRight(valueWidth)}  {t.Target,-18} {(t.Pass ? "pass" : "FAIL")}");

        foreach (var note in r.Notes) o.WriteLine($"Note: {note}");
        foreach (var (label, statements) in r.TopStatements)
        {
            o.WriteLine($"Top statements {label}:");
            foreach (var s in statements.Take(6))
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {s.TotalMs,9:0} ms {s.Calls,7} calls {s.MeanMs,8:0.000} ms/call  {s.Query}"));
        }

        o.WriteLine(r.Completed ? "Completed: every section measured, no errors." : "NOT completed: see the notes above.");
    }

    private static void Section(TextWriter o, string title)
    {
        o.WriteLine();
        o.WriteLine(title);
    }

    private static void Runs(TextWriter o, IEnumerable<RunResult> runs, bool ratio)
    {
        o.WriteLine($"   {"scenario",-16} {"gen",7} {"conc",5} {"requests",8} {"errors",6} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}" +
            $"  {"CPU ms/req: svc",15} {"db",5} {"gen",5} {"busy",5}{(ratio ? "  x ceiling" : "")}");
        foreach (var x in runs)
        {
            o.WriteLine($"   {x.Scenario,-16} {x.Generator,7} {x.Concurrency,5} {x.Requests,8} {x.Errors,6} {x.RequestsPerSecond,8:0.0} {x.P50Ms,8:0.00} {x.P95Ms,8:0.00} " +
                $"{x.P99Ms,8:0.00} {x.MaxMs,8:0.0}  {x.ServiceCpuMsPerRequest,15:0.000} {x.DatabaseCpuMsPerRequest,5:0.000} {x.LoadGeneratorCpuMsPerRequest,5:0.000} " +
                $"{x.MachineCpuBusyPercent,4:0}%{(ratio && x.RatioToBaseline is { } q ? $"  {q,10:P1}" : "")}");
            foreach (var e in x.ErrorSamples.Take(2)) o.WriteLine($"      error: {e}");
        }
    }
}
