using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Npgsql;
using Ocpi.Emsp.Benchmarks.Load;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// Cost-checked CDR POSTs: the CPO first PUTs the Tariff its CDRs name (the example CDR's TIME tariff "12"), so every CDR
/// of the phase is priced with a tariff we hold as it stood at the CDR's start (the start follows the PUT) and states
/// what it computes (MATCH); each CDR has its own UTC day, like those of the CDR POST phase. Per CDR: from its 1000
/// answer until its CdrCostChecked event, read back from mt_events after the run (the event's timestamp is the
/// database's clock at the start of the check's transaction; service, database and load generator share the clock).
/// </summary>
public sealed partial class Benchmark
{
    private const string CheckedTariffId = "12";
    private DateTimeOffset _tariffHeldAt;

    private async Task CostCheckAsync(CancellationToken ct)
    {
        if (_cdrsUrl.Length == 0) throw new InvalidOperationException("No CPO registered.");
        var tariff = (JsonObject)_payloads.Cdr["tariffs"]![0]!.DeepClone();
        tariff["country_code"] = _cpoParty.CountryCode;
        tariff["party_id"] = _cpoParty.PartyId;
        tariff["last_updated"] = Payloads.Format(DateTimeOffset.UtcNow);
        await _http.OcpiAsync(HttpMethod.Put, $"{_cpo!.EmspEndpoint(Protocol.Versions.ModuleId.Tariffs)}/{_cpoParty.CountryCode}/{_cpoParty.PartyId}/{CheckedTariffId}",
            Payloads.Bytes(tariff), ct);
        await using (var command = _db.CreateCommand("select max(timestamp) from emsp.mt_events where stream_id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = StreamKeys.For("tariff", _cpoParty, CheckedTariffId) });
            _tariffHeldAt = new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(ct))!, TimeSpan.Zero);
        }
        Log($"Tariff {CheckedTariffId} PUT (held from {_tariffHeldAt:O}); cost-checked CDR POSTs follow");

        foreach (var concurrency in _options.Concurrencies)
        {
            var answers = new ConcurrentBag<(string Key, DateTimeOffset AnsweredAt)>();
            await MeasureAsync("cdr-post-checked", concurrency, (_, token) => PostCheckedCdrAsync(null, token), ct, warmupOnly: true);
            var run = await MeasureAsync("cdr-post-checked", concurrency, (_, token) => PostCheckedCdrAsync(answers, token), ct, skipWarmup: true);
            _report.CostChecks.Add(await CostCheckLagAsync(run, answers, ct));
        }
    }

    /// <summary>The example CDR with a new id, starting after the tariff's PUT: priced with the held version.</summary>
    private async Task<bool> PostCheckedCdrAsync(ConcurrentBag<(string Key, DateTimeOffset AnsweredAt)>? answers, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _cdrCounter);
        var id = $"BCHK{n:D9}";
        // The example's session lasts 1:58:23; it starts a second and n days after the PUT: each CDR has its own UTC day,
        // as the other CDR phases' (the projection lag probe counts one daily-totals document per CDR).
        var end = _tariffHeldAt.AddSeconds(1).AddDays(n).AddMinutes(118).AddSeconds(23);
        await _http.OcpiAsync(HttpMethod.Post, _cdrsUrl, Payloads.Bytes(_payloads.CdrFor(_cpoParty, id, end)), ct);
        answers?.Add((StreamKeys.For("cdr", _cpoParty, id), DateTimeOffset.UtcNow));
        return true;
    }

    private async Task<CostCheckResult> CostCheckLagAsync(RunResult run, ConcurrentBag<(string Key, DateTimeOffset AnsweredAt)> answers, CancellationToken ct)
    {
        var keys = answers.Select(a => a.Key).ToArray();
        var checkedAt = new Dictionary<string, DateTimeOffset>();
        var verdicts = new Dictionary<string, int>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (true)
        {
            checkedAt.Clear();
            verdicts.Clear();
            await using (var command = _db.CreateCommand(
                "select stream_id, min(timestamp), min(data -> 'check' ->> 'verdict') from emsp.mt_events " +
                "where stream_id = any($1) and type = 'cdr_cost_checked' group by stream_id"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = keys });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    checkedAt[reader.GetString(0)] = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
                    var verdict = reader.IsDBNull(2) ? "?" : reader.GetString(2);
                    verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
                }
            }
            if (checkedAt.Count == keys.Length || DateTimeOffset.UtcNow > deadline) break;
            await Task.Delay(100, ct);
        }

        var lags = answers.Where(a => checkedAt.ContainsKey(a.Key))
            .Select(a => Math.Max(0, (checkedAt[a.Key] - a.AnsweredAt).TotalMilliseconds)).Order().ToArray();
        var result = new CostCheckResult
        {
            Run = run, Cdrs = keys.Length, Checked = checkedAt.Count, Verdicts = verdicts,
            LagP50Ms = LoadGenerator.Percentile(lags, 0.50), LagP95Ms = LoadGenerator.Percentile(lags, 0.95),
            LagP99Ms = LoadGenerator.Percentile(lags, 0.99), LagMaxMs = lags.Length == 0 ? 0 : Math.Round(lags[^1], 1),
        };
        if (result.Checked < result.Cdrs) _report.Notes.Add($"Cost check c={run.Concurrency}: {result.Cdrs - result.Checked} CDRs not checked within 120 s");
        Log($"  cost check c={run.Concurrency}: {result.Checked}/{result.Cdrs} checked ({string.Join(", ", verdicts.Select(v => $"{v.Key} {v.Value}"))}); " +
            $"lag p50 {result.LagP50Ms:0.0} ms, p99 {result.LagP99Ms:0.0} ms, max {result.LagMaxMs:0.0} ms");
        return result;
    }
}
