using System.Globalization;

namespace Ocpi.Emsp.Benchmarks;

// The targets, checked against this run's figures at the target concurrency (8 by default).
public sealed partial class Benchmark
{
    public const double MinimumRatioToBaseline = 0.50;
    public const double MaximumSessionP99Ms = 20;
    public const double MaximumSessionServiceCpuMs = 0.2;
    public const double MaximumAuthorizationP99Ms = 3;
    public const double MaximumLagP99Ms = 1000;
    public const double MinimumRebuildEventsPerSecond = 30_000;
    public const double MaximumRssMb = 400;

    private void CheckTargets()
    {
        var c = _options.TargetConcurrency;
        var session = _report.Ingestion.FirstOrDefault(r => r.Scenario == "session-put" && r.Concurrency == c);
        if (session is { PairedBaseline: { } ceiling })
        {
            var rounds = string.Join(", ", (session.Rounds ?? []).Select(r => r.Share.ToString("P1", CultureInfo.InvariantCulture)));
            Add($"Session PUT c={c} (wrk): share of the pgbench ceiling",
                $"{session.RatioToBaseline:P1} ({session.RequestsPerSecond:0} vs {ceiling.RequestsPerSecond:0} /s; rounds {rounds})",
                $">= {MinimumRatioToBaseline:P0}", session.RatioToBaseline >= MinimumRatioToBaseline);
            Add($"Session PUT c={c}: p99 latency", $"{session.P99Ms:0.0} ms", $"< {MaximumSessionP99Ms} ms", session.P99Ms < MaximumSessionP99Ms);
            Add($"Session PUT c={c}: errors", session.Errors.ToString(CultureInfo.InvariantCulture), "0", session.Errors == 0);
            Add($"Session PUT c={c}: service CPU per request", $"{session.ServiceCpuMsPerRequest:0.000} ms", $"<= {MaximumSessionServiceCpuMs} ms",
                session.ServiceCpuMsPerRequest <= MaximumSessionServiceCpuMs);
        }

        if (_report.Authorization is { } authorization)
        {
            Add($"Authorization c={authorization.Run.Concurrency} (wrk): p99 ({authorization.TokenCount:N0} tokens)", $"{authorization.Run.P99Ms:0.00} ms",
                $"< {MaximumAuthorizationP99Ms} ms", authorization.Run.P99Ms < MaximumAuthorizationP99Ms && authorization.Run.Errors == 0);
        }

        if (_report.ProjectionLag.FirstOrDefault(l => l.Concurrency == c) is { } lag)
        {
            Add($"Projection lag p99 (CDR POST c={c})", $"{lag.P99Ms:0} ms", $"< {MaximumLagP99Ms:0} ms",
                lag.P99Ms < MaximumLagP99Ms && lag.NotVisibleInTime == 0 && lag.Observed > 0);
        }

        if (_report.BillingLineLag.FirstOrDefault(l => l.Concurrency == c) is { } lineLag)
        {
            Add($"Billing line lag p99 (CDR POST c={c})", $"{lineLag.P99Ms:0} ms", $"< {MaximumLagP99Ms:0} ms",
                lineLag.P99Ms < MaximumLagP99Ms && lineLag.NotVisibleInTime == 0 && lineLag.Observed > 0);
        }

        if (_report.TwoNodes is { } two)
        {
            Add("Two-node daemon lag p99 (EVSE PATCHes to the same Locations from both)", $"{two.Lag.P99Ms:0} ms", $"< {MaximumLagP99Ms:0} ms",
                two.Lag.P99Ms < MaximumLagP99Ms && two.Lag.NotVisibleInTime == 0 && two.Lag.Observed > 0);
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
            (_report.Authorization?.TokenCreationErrors ?? 0) + (_report.TwoNodes is { } t ? t.EvsePatch.Errors + t.CdrPost.Errors : 0) +
            _report.CostChecks.Sum(c => c.Run.Errors);
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
            && _report.CostChecks.Count == levels
            && _report.CostChecks.All(c => c.Checked == c.Cdrs && c.Run.Errors == 0 && c.LagP99Ms > 0)
            && _report.SessionsStored >= _report.SessionPutsAnswered
            && _report.SessionPutsLogged >= _report.SessionPutsAnswered
            && _report.TwoNodes is { EvsePatch.Requests: > 0, EvsePatch.Errors: 0, CdrPost.Errors: 0, Lag.Observed: > 0, Lag.NotVisibleInTime: 0 }
            && _report.Replay is { ExitCode: 0, Verified: true, EventsPerSecond: > 0, PeakRssMb: > 0 }
            && _report.Memory is { AtRestMb: > 0, UnderLoadPeakMb: > 0, AfterReplayAtRestMb: > 0, AfterReplayWarmMb: > 0 };
    }
}
