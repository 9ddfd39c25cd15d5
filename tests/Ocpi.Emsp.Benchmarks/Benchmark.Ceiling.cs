using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Benchmarks;

// The yardstick: pgbench gives the ceiling of a single-row write on this server, wrk drives the service over HTTP, both
// C programs whose own CPU per request is small next to what they measure; measured in alternating slices.
public sealed partial class Benchmark
{
    private string _wrk = "", _wrkScript = "", _pgbench = "", _loadDirectory = "", _sessionBodyFile = "";
    private int _wrkRuns;

    /// <summary>Finds wrk and pgbench, writes the Lua script and the request bodies, creates the ceiling's table.</summary>
    private async Task PrepareExternalLoadAsync(CancellationToken ct)
    {
        _wrk = Wrk.Locate() ?? throw new InvalidOperationException(Wrk.InstallHint);
        _pgbench = Pgbench.Locate();
        _report.Settings.Wrk = _wrk;
        _report.Settings.Pgbench = _pgbench;
        // pgbench runs as this user but writes its per-transaction log here; the directory is ours, not postgres's.
        _loadDirectory = Directory.CreateDirectory(Path.Combine(_scratch, "load")).FullName;
        _wrkScript = Wrk.WriteScript(_loadDirectory);
        _sessionBodyFile = Path.Combine(_loadDirectory, "session.json");
        await File.WriteAllTextAsync(_sessionBodyFile, _sessionTemplate, ct);
        await Pgbench.CreateTableAsync(_db, ct);
        Log($"Load generators: {_wrk} (HTTP), {_pgbench} (ceiling)");
    }

    private Wrk.Request SessionPutRequest => new("PUT", $"{new Uri(_sessionsUrl).AbsolutePath}/{_cpoParty.CountryCode}/{_cpoParty.PartyId}/__ID__",
        _sessionBodyFile, null, _http.CpoAuthorization!);

    /// <summary>One pgbench slice at <paramref name="concurrency"/> clients, with the CPU it cost.</summary>
    private async Task<RunResult> CeilingSliceAsync(int concurrency, CancellationToken ct)
    {
        // The same JSON the service receives, with a fixed id of the same length as the wrk ids.
        var json = _sessionTemplate.Replace("__ID__", "P1-1-000001", StringComparison.Ordinal);
        var before = _cpu.Take();
        var pgbench = await Pgbench.RunAsync(_pgbench, _server!.ConnectionString, _loadDirectory, json, concurrency, _options.SliceTime,
            $"c{concurrency}-{++_wrkRuns}", ct);
        var run = pgbench.ToRunResult(concurrency);
        // pgbench's backends end with it: their CPU counts once the postmaster has reaped them.
        await Task.Delay(200, ct);
        CpuMeter.Attribute(run, before, _cpu.Take());
        return run;
    }

    /// <summary>One wrk run against the service, with the CPU it cost (service, PostgreSQL, wrk).</summary>
    private async Task<RunResult> WrkSliceAsync(string scenario, Wrk.Request request, int concurrency, TimeSpan duration, CancellationToken ct,
        string? baseUrl = null)
    {
        var before = _cpu.Take();
        var wrk = await Wrk.RunAsync(_wrk, _wrkScript, baseUrl ?? _environment["Urls"], concurrency, _options.WrkThreads, duration, request,
            $"W{++_wrkRuns}-", ct);
        var run = wrk.ToRunResult(scenario, concurrency);
        CpuMeter.Attribute(run, before, _cpu.Take());
        return run;
    }

    /// <summary>
    /// Session PUT at one concurrency, in rounds of (pgbench slice, wrk slice), each after a pause; its share of the
    /// ceiling per round and over all rounds. The merged ceiling slices are this concurrency's baseline.
    /// </summary>
    private async Task<RunResult> MeasureSessionPutAsync(int concurrency, int rounds, CancellationToken ct)
    {
        // Warm-up (not kept): long enough for the JIT's second tier to compile the hot paths.
        var warmup = await WrkSliceAsync("session-put", SessionPutRequest, concurrency, Max(_options.WarmupTime, TimeSpan.FromSeconds(1)), ct);
        if (warmup.Errors > 0) Log($"  warm-up session-put c={concurrency}: {warmup.Errors} errors, e.g. {warmup.ErrorSamples.FirstOrDefault()}");
        _report.SessionPutsAnswered += warmup.Requests - warmup.Errors;

        // A pause before each slice: the previous slice's after-effects (WAL and dirty pages written, autovacuum, the
        // service's collections) took a third off a ceiling slice that followed at once.
        var settle = _options.Quick ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
        var pairs = new List<PairedRound>();
        for (var round = 1; round <= rounds; round++)
        {
            await Task.Delay(settle, ct);
            var ceiling = await CeilingSliceAsync(concurrency, ct);
            // The statements of the last scenario slice only (pgbench's insert is not the scenario's).
            if (round == rounds) await ResetStatementsAsync(ct);
            await Task.Delay(settle, ct);
            var slice = await WrkSliceAsync("session-put", SessionPutRequest, concurrency, _options.SliceTime, ct);
            _report.SessionPutsAnswered += slice.Requests - slice.Errors;
            var share = ceiling.RequestsPerSecond > 0 ? Math.Round(slice.RequestsPerSecond / ceiling.RequestsPerSecond, 3) : 0;
            pairs.Add(new PairedRound { Round = round, Ceiling = ceiling, Scenario = slice, Share = share });
            Log($"  round {round}/{rounds} c={concurrency}: pgbench {ceiling.RequestsPerSecond,8:0.0} /s (p99 {ceiling.P99Ms:0.00} ms), " +
                $"Session PUT {slice.RequestsPerSecond,8:0.0} /s (p99 {slice.P99Ms:0.00} ms, {slice.Errors} errors): {share:P1}; " +
                $"CPU ms/req svc {slice.ServiceCpuMsPerRequest:0.000} db {slice.DatabaseCpuMsPerRequest:0.000} wrk {slice.LoadGeneratorCpuMsPerRequest:0.000}" +
                $" | pgbench: db {ceiling.DatabaseCpuMsPerRequest:0.000} gen {ceiling.LoadGeneratorCpuMsPerRequest:0.000}");
        }

        await CollectStatementsAsync($"session-put@{concurrency}", ct);
        var paired = RunResults.Merge("pgbench-insert", concurrency, [.. pairs.Select(p => p.Ceiling)]);
        _report.Baseline.Add(paired);
        LogRun(paired);
        var run = RunResults.Merge("session-put", concurrency, [.. pairs.Select(p => p.Scenario)]);
        run.PairedBaseline = paired;
        run.Rounds = pairs;
        run.RatioToBaseline = paired.RequestsPerSecond > 0 ? Math.Round(run.RequestsPerSecond / paired.RequestsPerSecond, 3) : null;
        LogRun(run);
        Log($"{"",-16} share of the pgbench ceiling over {rounds} round(s): {run.RatioToBaseline:P1} " +
            $"(per round: {string.Join(", ", pairs.Select(p => p.Share.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))})");
        return run;
    }

    /// <summary>The ceiling alone, when Session PUT (whose rounds measure it) does not run.</summary>
    private async Task CeilingOnlyAsync(CancellationToken ct)
    {
        foreach (var concurrency in _options.Concurrencies)
        {
            var run = await CeilingSliceAsync(concurrency, ct);
            _report.Baseline.Add(run);
            LogRun(run);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
