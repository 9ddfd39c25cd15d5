using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Benchmarks;

// Real-time authorization over a large token set, driven by wrk with uids drawn at random.
public sealed partial class Benchmark
{
    private async Task AuthorizationAsync(CancellationToken ct)
    {
        var result = new AuthorizationResult { TokenCount = _options.Tokens };
        _tokenUids = Enumerable.Range(0, _options.Tokens).Select(n => $"BT{n:D9}").ToList();
        var watch = Stopwatch.StartNew();
        var probeCount = Math.Min(_tokenUids.Count, Math.Max(200, _tokenUids.Count / 50));
        var created = 0;
        var errors = 0;

        async Task<RunResult> CreateAsync(int from, int count)
        {
            return await LoadGenerator.RunAsync("token-put", _options.TokenCreationConcurrency, count, null, TimeSpan.FromMinutes(30),
                async (i, token) =>
                {
                    var n = from + i;
                    await _http.InternalAsync(HttpMethod.Put, $"/api/tokens/{_tokenUids[n]}?type=RFID",
                        Payloads.Bytes(_payloads.TokenFor(_us, _tokenUids[n], n)), token, HttpStatusCode.Created, HttpStatusCode.OK);
                    return true;
                }, ct);
        }

        var first = await CreateAsync(0, probeCount);
        created += first.Requests;
        errors += first.Errors;
        var estimate = TimeSpan.FromSeconds(_tokenUids.Count / Math.Max(1, first.RequestsPerSecond));
        Log($"Tokens through PUT /api/tokens at c={_options.TokenCreationConcurrency}: {first.RequestsPerSecond:0} /s " +
            $"(p99 {first.P99Ms:0.0} ms); all {_tokenUids.Count} would take {estimate.TotalSeconds:0} s");
        if (probeCount < _tokenUids.Count)
        {
            if (estimate <= _options.TokenCreationBudget)
            {
                var rest = await CreateAsync(probeCount, _tokenUids.Count - probeCount);
                created += rest.Requests;
                errors += rest.Errors;
            }
            else
            {
                Log($"  over the {_options.TokenCreationBudget.TotalMinutes:0} min budget: bulk-appending the remaining {_tokenUids.Count - probeCount} TokenIssued events");
                await using var store = ServiceEventStore.Create(_server!.ConnectionString);
                var bulk = new BulkEvents(store.Store, _payloads, _cpoParty, _partnerId);
                result.TokensBulkAppended = await bulk.IssueTokensAsync(_us,
                    Enumerable.Range(probeCount, _tokenUids.Count - probeCount).Select(n => (_tokenUids[n], n)).ToList(), 2, ct);
                _report.Notes.Add($"{result.TokensBulkAppended} of {_tokenUids.Count} tokens were bulk-appended (TokenIssued + inline TokenView) " +
                    $"because the internal API would have needed {estimate.TotalSeconds:0} s for all of them.");
            }
        }

        result.TokensCreatedOverHttp = created;
        result.TokenCreationErrors = errors;
        result.TokenCreationSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
        result.TokenCreationPerSecond = Math.Round(_tokenUids.Count / watch.Elapsed.TotalSeconds, 1);
        Log($"{_tokenUids.Count} tokens in {result.TokenCreationSeconds:0.0} s ({created} over HTTP, {errors} errors)");

        // The token creation (bulk or not) leaves work behind (autovacuum, checkpoint): do it before measuring.
        await ExecuteAsync("vacuum analyze", ct);
        await ExecuteAsync("checkpoint", ct);
        for (var i = 0; i < 20; i++)
        {
            var envelope = await _http.OcpiEnvelopeAsync(HttpMethod.Post, $"{_tokensUrl}/{_tokenUids[Random.Shared.Next(_tokenUids.Count)]}/authorize", null, ct);
            var allowed = envelope.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("allowed", out var a)
                ? a.GetString() ?? "?" : $"status {envelope.GetProperty("status_code")}";
            result.Decisions[allowed] = result.Decisions.GetValueOrDefault(allowed) + 1;
        }

        // wrk draws a uid at random from the token set for each request.
        var uidFile = Path.Combine(_loadDirectory, "token-uids.txt");
        await File.WriteAllLinesAsync(uidFile, _tokenUids, ct);
        var request = new Wrk.Request("POST", $"{new Uri(_tokensUrl).AbsolutePath}/__ID__/authorize", null, uidFile, _http.CpoAuthorization!);
        var concurrency = _options.AuthorizationConcurrency;

        // Decisions are stored behind the answer: count what reaches the event store, and how long after the last answer.
        var storedBefore = await StableDecisionCountAsync(ct);
        // Warm-up (not kept): after 3 s the p99 of the next run still carried warm-up, after 10 s it did not.
        var warmup = await WrkSliceAsync("authorize", request, concurrency, Max(_options.AuthorizationWarmupTime, TimeSpan.FromSeconds(1)), ct);
        if (warmup.Errors > 0) Log($"  warm-up authorize c={concurrency}: {warmup.Errors} errors, e.g. {warmup.ErrorSamples.FirstOrDefault()}");
        await ResetStatementsAsync(ct);
        result.Run = await WrkSliceAsync("authorize", request, concurrency, _options.AuthorizationTime, ct);
        await CollectStatementsAsync($"authorize@{concurrency}", ct);
        LogRun(result.Run);
        var drain = Stopwatch.StartNew();
        // wrk counts the answers it read; a request still in flight when it stopped may be answered and stored too.
        var answered = warmup.Requests + result.Run.Requests;
        result.DecisionsAnswered = answered;
        result.DecisionsUnstoredAtEnd = Math.Max(0, storedBefore + answered - await CountAsync(DecisionCountSql, ct));
        long stored;
        while ((stored = await CountAsync(DecisionCountSql, ct) - storedBefore) < answered && drain.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(10, ct);
        result.DecisionsStored = stored;
        result.DecisionsStoredWithinMs = Math.Round(drain.Elapsed.TotalMilliseconds, 0);
        Log($"  decisions: {answered} answered, {result.DecisionsUnstoredAtEnd} not yet stored at the last answer, {stored} stored " +
            $"{result.DecisionsStoredWithinMs} ms after it");
        _report.Authorization = result;
    }

    private const string DecisionCountSql = "select count(*) from emsp.mt_events where type = 'authorization_decided'";

    private async Task<long> StableDecisionCountAsync(CancellationToken ct)
    {
        var previous = -1L;
        while (true)
        {
            var now = await CountAsync(DecisionCountSql, ct);
            if (now == previous) return now;
            previous = now;
            await Task.Delay(200, ct);
        }
    }
}
