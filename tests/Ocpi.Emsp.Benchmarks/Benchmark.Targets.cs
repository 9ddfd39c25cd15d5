using System.Globalization;

namespace Ocpi.Emsp.Benchmarks;

// The targets of the issue, checked against this run's figures at the target concurrency (8 by default).
public sealed partial class Benchmark
{
    public const double MinimumRatioToBaseline = 0.40;
    public const double MaximumSessionP99Ms = 25;
    public const double MaximumAuthorizationP99Ms = 5;
    public const double MaximumLagP99Ms = 1000;
    public const double MinimumRebuildEventsPerSecond = 30_000;
    public const double MaximumRssMb = 400;

    private void CheckTargets()
    {
        var c = _options.TargetConcurrency;
        var session = _report.Ingestion.FirstOrDefault(r => r.Scenario == "session-put" && r.Concurrency == c);
        var baseline = _report.Baseline.FirstOrDefault(r => r.Concurrency == c);
        if (session is not null && baseline is not null)
        {
            // Checked against the lower share (of the baseline run, of the baseline slices paired with Session PUT's), or
            // the paired share alone when the machine's speed changed between the baseline run and the paired slices.
            var value = session.PairedBaseline is { } paired
                ? $"{session.TargetRatio:P1} (of {baseline.RequestsPerSecond:0} /s: {session.RatioToBaselineRun:P1}" +
                  $"{(session.BaselineRunComparable ? "" : ", not counted")}; of {paired.RequestsPerSecond:0} /s paired: " +
                  $"{session.RatioToBaseline:P1}; machine {SpeedChange(session)} in the paired slices)"
                : $"{session.TargetRatio:P1} ({session.RequestsPerSecond:0} vs {baseline.RequestsPerSecond:0} /s)";
            Add($"Session PUT c={c}: share of the single-insert baseline", value, $">= {MinimumRatioToBaseline:P0}",
                session.TargetRatio >= MinimumRatioToBaseline);
            Add($"Session PUT c={c}: p99 latency", $"{session.P99Ms:0.0} ms", $"< {MaximumSessionP99Ms} ms", session.P99Ms < MaximumSessionP99Ms);
            Add($"Session PUT c={c}: errors", session.Errors.ToString(CultureInfo.InvariantCulture), "0", session.Errors == 0);
        }

        if (_report.Authorization is { } authorization)
        {
            Add($"Authorization c={authorization.Run.Concurrency}: p99 ({authorization.TokenCount:N0} tokens)", $"{authorization.Run.P99Ms:0.00} ms",
                $"< {MaximumAuthorizationP99Ms} ms", authorization.Run.P99Ms < MaximumAuthorizationP99Ms && authorization.Run.Errors == 0);
        }

        if (_report.ProjectionLag.FirstOrDefault(l => l.Concurrency == c) is { } lag)
        {
            Add($"Projection lag p99 (CDR POST c={c})", $"{lag.P99Ms:0} ms", $"< {MaximumLagP99Ms:0} ms",
                lag.P99Ms < MaximumLagP99Ms && lag.NotVisibleInTime == 0 && lag.Observed > 0);
        }

        if (_report.Replay is { } replay)
        {
            Add($"Rebuild of all projections ({replay.TotalEvents:N0} events)", $"{replay.EventsPerSecond:N0} events/s",
                $">= {MinimumRebuildEventsPerSecond:N0} events/s", replay.EventsPerSecond >= MinimumRebuildEventsPerSecond && replay.Verified);
        }

        if (_report.Memory.AfterReplayWarmMb > 0)
        {
            var rss = Math.Max(_report.Memory.AfterReplayAtRestMb, _report.Memory.AfterReplayWarmMb);
            Add($"Service RSS after {_report.Replay?.TotalEvents:N0} events", $"{rss:0} MiB", $"< {MaximumRssMb:0} MB", rss < MaximumRssMb);
        }

        var errors = _report.Baseline.Concat(_report.Ingestion).Sum(r => r.Errors) + (_report.Authorization?.Run.Errors ?? 0) +
            (_report.Authorization?.TokenCreationErrors ?? 0);
        Add("Errors in all runs", errors.ToString(CultureInfo.InvariantCulture), "0", errors == 0);
    }

    private void Add(string name, string value, string target, bool pass) =>
        _report.Targets.Add(new TargetCheck { Name = name, Value = value, Target = target, Pass = pass });

    /// <summary>Every section holds figures above zero and nothing failed.</summary>
    private bool IsComplete()
    {
        if (_options.Only is not null) return false;
        var levels = _options.Concurrencies.Count;
        var runs = _report.Baseline.Concat(_report.Ingestion).ToList();
        if (_report.Authorization is { } a) runs.Add(a.Run);
        return _report.Baseline.Count == levels
            && _report.Ingestion.Count == levels * 3
            && runs.All(r => r.Requests > 0 && r.Errors == 0 && r.RequestsPerSecond > 0 && r.P50Ms > 0 && r.P99Ms > 0)
            && _report.Authorization is { TokenCreationErrors: 0 }
            && _report.ProjectionLag.Count == levels
            && _report.ProjectionLag.All(l => l.Observed > 0 && l.NotVisibleInTime == 0 && l.P99Ms > 0)
            && _report.Replay is { ExitCode: 0, Verified: true, EventsPerSecond: > 0, PeakRssMb: > 0 }
            && _report.Memory is { AtRestMb: > 0, UnderLoadPeakMb: > 0, AfterReplayAtRestMb: > 0, AfterReplayWarmMb: > 0 };
    }
}
