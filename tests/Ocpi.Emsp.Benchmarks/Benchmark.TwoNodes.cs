using System.Collections.Concurrent;
using System.Diagnostics;
using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Benchmarks;

// Two service nodes on one database writing the same objects: each node's group commit meets the other's writes to
// the same streams, and every append it rolls back after taking sequence numbers leaves a gap the async daemon waits on.
public sealed partial class Benchmark
{
    private async Task TwoNodeLagAsync(CancellationToken ct)
    {
        if (_hotSet.Count == 0) await PutLocationsAsync(ct);
        var node1 = _environment["Urls"];
        var node2 = $"http://127.0.0.1:{BenchEnvironment.FreeLoopbackPort()}";
        // Same configuration and public URL (one address in front of both nodes), another port.
        var environment = new Dictionary<string, string>(_environment) { ["Urls"] = node2 };
        Log($"Starting a second service node on {node2} (same database)");
        await using var second = ServiceProcess.Start(_serviceDll, environment, [], Path.Combine(_scratch, "service-node2.log"));
        using var http2 = new OcpiHttp(node2, _apiKey, 64) { CpoAuthorization = _http.CpoAuthorization };
        var started = Stopwatch.StartNew();
        while (!await http2.IsReadyAsync(ct))
        {
            if (second.HasExited) throw new InvalidOperationException($"The second node exited with {second.ExitCode}:\n{second.LogTail()}");
            if (started.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"The second node was not ready within 3 minutes:\n{second.LogTail()}");
            await Task.Delay(200, ct);
        }

        var hotSet2 = _hotSet.Select(url => node2 + url[node1.Length..]).ToList();
        var cdrsUrl2 = node2 + _cdrsUrl[node1.Length..];
        var concurrency = _options.TargetConcurrency;
        // Every other request to the other node: both nodes patch the same EVSEs at the same moments.
        async Task<bool> PatchEitherAsync(int i, CancellationToken token) =>
            i % 2 == 0 ? await PatchEvseAsync(_http, _hotSet, token) : await PatchEvseAsync(http2, hotSet2, token);

        await LoadGenerator.RunAsync("two-node-warmup", concurrency, _options.WarmupRequests, null, _options.MaxRunTime, PatchEitherAsync, ct);
        var firstSeq = await CountAsync("select coalesce(max(seq_id), 0) from emsp.mt_events", ct);
        var answers = new ConcurrentBag<(string Key, long AnsweredAt)>();
        await using var probe = new ProjectionLagProbe(_db, _options.LagPollInterval);
        Log($"Two nodes: EVSE PATCH c={concurrency} over {_hotSet.Count} EVSEs and CDR POST c=2, half to each node, {_options.TwoNodeTime.TotalSeconds:0} s");
        var patches = LoadGenerator.RunAsync("two-node-evse", concurrency, 0, _options.TwoNodeTime, _options.MaxRunTime + _options.TwoNodeTime,
            PatchEitherAsync, ct);
        var cdrs = LoadGenerator.RunAsync("two-node-cdr", 2, 0, _options.TwoNodeTime, _options.MaxRunTime + _options.TwoNodeTime,
            (i, token) => i % 2 == 0 ? PostCdrAsync(_http, _cdrsUrl, answers, token) : PostCdrAsync(http2, cdrsUrl2, answers, token), ct);
        var result = new TwoNodeResult { EvsePatch = await patches, CdrPost = await cdrs, Seconds = _options.TwoNodeTime.TotalSeconds };
        LogRun(result.EvsePatch);
        LogRun(result.CdrPost);
        result.Lag = await ProjectionLagAsync(probe, concurrency, answers, ct);
        var lastSeq = await CountAsync("select coalesce(max(seq_id), 0) from emsp.mt_events", ct);
        result.Events = await CountAsync($"select count(*) from emsp.mt_events where seq_id > {firstSeq}", ct);
        result.SequenceGaps = lastSeq - firstSeq - result.Events;
        Log($"  two-node daemon lag: p50 {result.Lag.P50Ms:0} ms, p99 {result.Lag.P99Ms:0} ms, max {result.Lag.MaxMs:0} ms; " +
            $"{result.Events} events, {result.SequenceGaps} sequence numbers without an event");
        _report.TwoNodes = result;
        await second.StopAsync(TimeSpan.FromSeconds(30));
    }
}
