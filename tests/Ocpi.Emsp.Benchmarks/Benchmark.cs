using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ocpi.Emsp.Benchmarks.Load;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// One benchmark run: a fresh embedded PostgreSQL (fsync on), the service as its own process in its shipped
/// configuration, a CPO registered the OCPI way, then the ceiling (pgbench) and Session PUT (wrk) in alternating slices,
/// the other ingestion scenarios, authorization (wrk), projection lag, two-node daemon lag, replay and memory.
/// </summary>
public sealed partial class Benchmark
{
    private static readonly DateTimeOffset EvseEpoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CdrEpoch = new(2000, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly BenchmarkOptions _options;
    private readonly TextWriter _out;
    private readonly BenchmarkReport _report = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly PartyRef _cpoParty = new("DE", "CPX");
    private readonly PartyRef _us = new("NL", "EMS");
    private readonly string _apiKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private string _scratch = "";
    private string _serviceDll = "";
    private Payloads _payloads = null!;
    private EmbeddedPostgresServer? _server;
    private EmbeddedPostgresOptions _serverOptions = null!;
    private NpgsqlDataSource _db = null!;
    private Dictionary<string, string> _environment = [];
    private ServiceProcess? _service;
    private RssSampler? _sampler;
    private OcpiHttp _http = null!;
    private CpoSimulator.CpoSimulator? _cpo;
    private string _partnerId = "";
    private string _sessionsUrl = "", _locationsUrl = "", _cdrsUrl = "", _tokensUrl = "";
    private List<string> _hotSet = [];
    private List<string> _tokenUids = [];
    private long _sessionCounter, _evseCounter, _cdrCounter;
    private string _sessionTemplate = "";

    private readonly CpuMeter _cpu;
    private int? _postmasterPid;

    private Benchmark(BenchmarkOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
        _cpu = new CpuMeter(() => _service?.Pid, () => _postmasterPid);
    }

    /// <summary>Runs everything, prints the table, writes the JSON file and returns the report.</summary>
    public static async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        var benchmark = new Benchmark(options, output);
        return await benchmark.RunAsync(cancellationToken);
    }

    private async Task<BenchmarkReport> RunAsync(CancellationToken ct)
    {
        _report.Mode = _options.Quick ? "quick" : "full";
        _report.StartedAt = DateTimeOffset.UtcNow;
        var root = BenchEnvironment.FindRepositoryRoot();
        (_report.GitCommit, _report.GitWorkTreeDirty) = BenchEnvironment.Git(root);
        _report.Machine = BenchEnvironment.Machine();
        _report.Machine.CpuCheckStartMs = CpuCheck.Milliseconds();
        _serviceDll = BenchEnvironment.ResolveServiceDll(_options.ServiceDll, root);
        _payloads = new Payloads(Payloads.FindDirectory(root));
        _sessionTemplate = _payloads.SessionFor(_cpoParty, "__ID__").ToJsonString();
        _report.Settings = new RunSettings
        {
            Concurrencies = _options.Concurrencies, TargetConcurrency = _options.TargetConcurrency, WarmupRequests = _options.WarmupRequests,
            WarmupSeconds = _options.WarmupTime.TotalSeconds, AuthorizationWarmupSeconds = _options.AuthorizationWarmupTime.TotalSeconds,
            Requests = _options.Requests, DurationSeconds = _options.Duration?.TotalSeconds, Locations = _options.Locations,
            HotSetEvses = _options.Locations * _payloads.EvseUids.Count, Tokens = _options.Tokens,
            AuthorizationSeconds = _options.AuthorizationTime.TotalSeconds, AuthorizationConcurrency = _options.AuthorizationConcurrency,
            SliceSeconds = _options.SliceTime.TotalSeconds, PairedRounds = _options.PairedRounds, WrkThreads = _options.WrkThreads,
            TwoNodeSeconds = _options.TwoNodeTime.TotalSeconds,
            ReplayEvents = _options.ReplayEvents, ServiceDll = _serviceDll, ServiceConfiguration = BenchEnvironment.ConfigurationOf(_serviceDll),
            PostgresDurable = true,
            Only = _options.Only?.Order().ToList(),
            ServiceConnectionOptions = _options.ServiceConnectionOptions,
            ServiceEnvironment = _options.ServiceEnvironment.Count == 0 ? null : [.. _options.ServiceEnvironment],
        };
        Log($"Ocpi.Emsp benchmark ({_report.Mode}); service {_serviceDll} ({_report.Settings.ServiceConfiguration})");
        if (_report.Settings.ServiceConfiguration != "Release")
            _report.Notes.Add($"The service ran from a {_report.Settings.ServiceConfiguration} build: figures are not representative.");

        Exception? failure = null;
        try
        {
            await StartDatabaseAsync(ct);
            await StartServiceAsync("1", ct);
            await RegisterCpoAsync(ct);
            await Task.Delay(_options.Quick ? 1000 : 5000, ct);
            _report.Memory.AtRestMb = CurrentRss();
            var idleBefore = _cpu.Take();
            var idle = Stopwatch.StartNew();
            await Task.Delay(_options.Quick ? 1000 : 10_000, ct);
            _report.ServiceIdleCpuPercent = Math.Round((_cpu.Take().Service - idleBefore.Service) * 10.0 / idle.Elapsed.TotalMilliseconds * 100, 1);
            Log($"Service at rest: RSS {_report.Memory.AtRestMb:0.0} MiB, CPU {_report.ServiceIdleCpuPercent:0.0} % of one core");
            if (_options.Only is not null) _report.Notes.Add($"Partial run: only {string.Join(", ", _options.Only)} (and the pgbench ceiling).");

            await PrepareExternalLoadAsync(ct);
            _sampler!.ResetPeak();
            await IngestionAsync(ct);
            if (_options.Runs("cost-check")) await CostCheckAsync(ct);
            if (_options.Runs("authorize")) await AuthorizationAsync(ct);
            if (_options.Runs("two-node")) await TwoNodeLagAsync(ct);
            _report.Memory.UnderLoadPeakMb = _sampler.Peak;
            _report.Memory.UnderLoadHighWaterMb = _sampler.HighWater;
            _report.Memory.BeforeReplayMb = CurrentRss();
            if (_options.Runs("replay"))
            {
                await ReplayAsync(ct);
                await AfterReplayAsync(ct);
            }
        }
        catch (Exception e)
        {
            failure = e;
            _report.Notes.Add($"FAILED: {e.GetType().Name}: {e.Message}");
            if (_service is not null) Log("Service log tail:\n" + _service.LogTail());
        }
        finally
        {
            await CleanUpAsync();
        }

        _report.Machine.CpuCheckEndMs = CpuCheck.Milliseconds();
        _report.DurationSeconds = Math.Round(_clock.Elapsed.TotalSeconds, 1);
        CheckTargets();
        _report.Completed = failure is null && IsComplete();
        ResultTable.Print(_report, _out);
        var path = Path.GetFullPath(_options.OutPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(_report, JsonOptions), ct);
        _out.WriteLine($"Results written to {path}");
        if (failure is not null) throw new InvalidOperationException($"The benchmark failed: {failure.Message}", failure);
        return _report;
    }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null,
    };

    // ---------------------------------------------------------------- set-up

    private async Task StartDatabaseAsync(CancellationToken ct)
    {
        _scratch = BenchEnvironment.CreateScratchDirectory();
        _serverOptions = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(_scratch, "pgdata"), Database = "ocpi_emsp", Durable = true };
        Log($"Starting PostgreSQL (fsync on) in {_serverOptions.DataDirectory}");
        _server = await EmbeddedPostgresServer.StartAsync(_serverOptions, NullLogger.Instance, ct);
        if (_options.PgStatStatements)
        {
            await using (var admin = new NpgsqlConnection(_server.ConnectionStringFor("postgres")))
            {
                await admin.OpenAsync(ct);
                await using var alter = new NpgsqlCommand(
                    "alter system set shared_preload_libraries = 'pg_stat_statements'", admin);
                await alter.ExecuteNonQueryAsync(ct);
            }

            await _server.StopAsync();
            _server = await EmbeddedPostgresServer.StartAsync(_serverOptions, NullLogger.Instance, ct);
        }

        _postmasterPid = CpuMeter.PostmasterPid(_serverOptions.DataDirectory);
        _db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_server.ConnectionString) { MaxPoolSize = 100 }.ConnectionString);
        if (_options.PgStatStatements)
        {
            // Statements run inside functions (Marten's upserts) too.
            await ExecuteAsync("create extension if not exists pg_stat_statements", ct);
            await ExecuteAsync("alter system set pg_stat_statements.track = 'all'", ct);
            await ExecuteAsync("select pg_reload_conf()", ct);
        }
        _report.Machine.PostgresVersion = (string?)await ScalarAsync("select version()", ct);
        var settings = new List<string>();
        await using (var command = _db.CreateCommand(
            "select name, setting, unit from pg_settings where name in ('fsync','synchronous_commit','full_page_writes','wal_sync_method'," +
            "'shared_buffers','max_connections','max_wal_size','checkpoint_timeout','shared_preload_libraries') order by name"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                settings.Add($"{reader.GetString(0)}={reader.GetString(1)}{(reader.IsDBNull(2) ? "" : reader.GetString(2))}");
        }

        _report.Settings.PostgresSettings = string.Join(", ", settings);
    }

    private async Task StartServiceAsync(string label, CancellationToken ct)
    {
        if (_environment.Count == 0)
        {
            var port = BenchEnvironment.FreeLoopbackPort();
            var url = $"http://127.0.0.1:{port}";
            // The shipped configuration (appsettings.json: request logs on, Information level) except what must differ here.
            _environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Marten"] = _options.ServiceConnectionOptions is { } extra
                    ? $"{_server!.ConnectionString};{extra}"
                    : _server!.ConnectionString,
                ["Urls"] = url,
                ["Emsp__PublicUrl"] = url,
                ["Emsp__ApiKey"] = _apiKey,
                ["Emsp__CountryCode"] = _us.CountryCode,
                ["Emsp__PartyId"] = _us.PartyId,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
            };
            foreach (var pair in _options.ServiceEnvironment) _environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
            _http = new OcpiHttp(url, _apiKey, Math.Max(_options.Concurrencies.Max(), _options.AuthorizationConcurrency) * 2);
        }

        Log($"Starting the service ({label}) on {_environment["Urls"]}");
        _service = ServiceProcess.Start(_serviceDll, _environment, [], Path.Combine(_scratch, $"service-{label}.log"));
        var started = Stopwatch.StartNew();
        while (!await _http.IsReadyAsync(ct))
        {
            if (_service.HasExited) throw new InvalidOperationException($"The service exited with {_service.ExitCode}:\n{_service.LogTail()}");
            if (started.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"The service was not ready within 3 minutes:\n{_service.LogTail()}");
            await Task.Delay(200, ct);
        }

        _sampler = new RssSampler(_service.Pid);
        Log($"Service ready (pid {_service.Pid}) after {started.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task StopServiceAsync()
    {
        if (_sampler is not null) await _sampler.DisposeAsync();
        _sampler = null;
        if (_service is not null)
        {
            await _service.StopAsync(TimeSpan.FromSeconds(30));
            await _service.DisposeAsync();
        }

        _service = null;
    }

    /// <summary>
    /// We invite a CPO (internal API), it registers with our token A (versions, details, POST credentials); its
    /// endpoints and token C are then used for every OCPI call. The CPO offers no Tokens RECEIVER, so that our token
    /// changes are not pushed to it while we measure (that would be a third workload on the same two cores).
    /// </summary>
    private async Task RegisterCpoAsync(CancellationToken ct)
    {
        _cpo = await CpoSimulator.CpoSimulator.StartAsync(new CpoSimulatorOptions
        {
            Party = _cpoParty,
            Name = "Benchmark CPO",
            Modules =
            [
                (ModuleId.Locations, InterfaceRole.SENDER), (ModuleId.Sessions, InterfaceRole.SENDER),
                (ModuleId.Cdrs, InterfaceRole.SENDER), (ModuleId.Tariffs, InterfaceRole.SENDER),
            ],
        });
        var invitation = JsonNode.Parse(await _http.InternalAsync(HttpMethod.Post, "/api/partners/invitations",
            Payloads.Bytes(new JsonObject { ["label"] = "benchmark CPO" }), ct))!;
        _partnerId = invitation["partner_id"]!.GetValue<string>();
        var registration = await _cpo.RegisterWithAsync($"{_environment["Urls"]}/ocpi/versions", invitation["token_a"]!.GetValue<string>());
        if (registration.StatusCode != 1000) throw new InvalidOperationException($"CPO registration failed: {registration.StatusMessage}");
        _http.UseCpoToken(_cpo.TokenForEmsp!);
        _sessionsUrl = _cpo.EmspEndpoint(ModuleId.Sessions);
        _locationsUrl = _cpo.EmspEndpoint(ModuleId.Locations);
        _cdrsUrl = _cpo.EmspEndpoint(ModuleId.Cdrs);
        _tokensUrl = _cpo.EmspEndpoint(ModuleId.Tokens);
        Log($"CPO {_cpoParty} registered as partner {_partnerId} (OCPI credentials handshake)");
    }

    // ---------------------------------------------------------------- 2. ingestion (+ 4. projection lag)

    private async Task IngestionAsync(CancellationToken ct)
    {
        if (_options.Runs("session-put"))
        {
            foreach (var concurrency in _options.Concurrencies)
                _report.Ingestion.Add(await MeasureSessionPutAsync(concurrency, concurrency == _options.TargetConcurrency ? _options.PairedRounds : 1, ct));
            _report.SessionsStored = await CountAsync("select count(*) from emsp.mt_streams where id like 'session:%'", ct);
            _report.SessionPutsLogged = await CountRequestLogLinesAsync($"HTTP PUT {new Uri(_sessionsUrl).AbsolutePath}/", ct);
            Log($"Sessions: {_report.SessionPutsAnswered} PUTs answered 1000, {_report.SessionsStored} stored, {_report.SessionPutsLogged} in the request log");
        }
        else
        {
            await CeilingOnlyAsync(ct);
        }

        await PutLocationsAsync(ct);
        foreach (var concurrency in _options.Runs("evse-patch") ? _options.Concurrencies : [])
            _report.Ingestion.Add(WithRatio(await MeasureAsync("evse-patch", concurrency, PatchEvseAsync, ct)));

        if (!_options.Runs("cdr-post")) return;
        await using var probe = new ProjectionLagProbe(_db, _options.LagPollInterval);
        await using var billingProbe = new ProjectionLagProbe(_db, _options.LagPollInterval, ProjectionLagProbe.BillingLineTable);
        foreach (var concurrency in _options.Concurrencies)
        {
            var answers = new ConcurrentBag<(string Key, long AnsweredAt)>();
            await MeasureAsync("cdr-post", concurrency, (i, token) => PostCdrAsync(null, token), ct, warmupOnly: true);
            var run = await MeasureAsync("cdr-post", concurrency, (i, token) => PostCdrAsync(answers, token), ct, skipWarmup: true);
            _report.Ingestion.Add(WithRatio(run));
            _report.ProjectionLag.Add(await ProjectionLagAsync(probe, concurrency, answers, ct));
            _report.BillingLineLag.Add(await ProjectionLagAsync(billingProbe, concurrency, answers, ct, "billing line lag"));
        }
    }

    /// <summary>
    /// Lines of the service's log holding <paramref name="marker"/>, once the count is stable (the service may write its
    /// logs in batches): proves that the measured service logged every request, as shipped.
    /// </summary>
    private async Task<long> CountRequestLogLinesAsync(string marker, CancellationToken ct)
    {
        long previous = -1;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(250, ct);
            long count = 0;
            await using (var stream = new FileStream(_service!.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                    if (line.Contains(marker, StringComparison.Ordinal)) count++;
            }

            if (count == previous) return count;
            previous = count;
        }

        return previous;
    }

    private RunResult WithRatio(RunResult run)
    {
        if (_report.Baseline.FirstOrDefault(b => b.Concurrency == run.Concurrency) is { RequestsPerSecond: > 0 } ceiling)
            run.RatioToBaseline = Math.Round(run.RequestsPerSecond / ceiling.RequestsPerSecond, 3);
        return run;
    }

    private async Task<bool> PutSessionAsync(int _, CancellationToken ct)
    {
        var id = $"BS{Interlocked.Increment(ref _sessionCounter):D9}";
        var body = System.Text.Encoding.UTF8.GetBytes(_sessionTemplate.Replace("__ID__", id, StringComparison.Ordinal));
        await _http.OcpiAsync(HttpMethod.Put, $"{_sessionsUrl}/{_cpoParty.CountryCode}/{_cpoParty.PartyId}/{id}", body, ct);
        return true;
    }

    /// <summary>PUTs the Locations whose EVSEs are the PATCH hot set (each Location has the example's 2 EVSEs).</summary>
    private async Task PutLocationsAsync(CancellationToken ct)
    {
        var ids = Enumerable.Range(1, _options.Locations).Select(n => $"BLOC{n:D4}").ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < ids.Count)
            {
                await _http.OcpiAsync(HttpMethod.Put, LocationUrl(ids[i]), Payloads.Bytes(_payloads.LocationFor(_cpoParty, ids[i])), ct);
            }
        }, ct)));
        _hotSet = ids.SelectMany(id => _payloads.EvseUids.Select(evse => $"{LocationUrl(id)}/{evse}")).ToList();
        Log($"{ids.Count} Locations PUT; EVSE hot set: {_hotSet.Count} EVSEs");
    }

    private string LocationUrl(string id) => $"{_locationsUrl}/{_cpoParty.CountryCode}/{_cpoParty.PartyId}/{id}";

    private Task<bool> PatchEvseAsync(int _, CancellationToken ct) => PatchEvseAsync(_http, _hotSet, ct);

    /// <summary>An EVSE status PATCH to the next EVSE of the hot set, with a later last_updated each time.</summary>
    private async Task<bool> PatchEvseAsync(OcpiHttp http, IReadOnlyList<string> hotSet, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _evseCounter);
        var url = hotSet[(int)(n % hotSet.Count)];
        var status = n / hotSet.Count % 2 == 0 ? "CHARGING" : "AVAILABLE";
        await http.OcpiAsync(HttpMethod.Patch, url, Payloads.Bytes(Payloads.EvseStatusPatch(status, EvseEpoch.AddMilliseconds(n * 10))), ct);
        return true;
    }

    private Task<bool> PostCdrAsync(ConcurrentBag<(string Key, long AnsweredAt)>? answers, CancellationToken ct) =>
        PostCdrAsync(_http, _cdrsUrl, answers, ct);

    /// <summary>A CDR with a new id and its own UTC day; its answer time goes to <paramref name="answers"/> (projection lag).</summary>
    private async Task<bool> PostCdrAsync(OcpiHttp http, string cdrsUrl, ConcurrentBag<(string Key, long AnsweredAt)>? answers, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _cdrCounter);
        var id = $"BCDR{n:D9}";
        var body = Payloads.Bytes(_payloads.CdrFor(_cpoParty, id, CdrEpoch.AddDays(n)));
        await http.OcpiAsync(HttpMethod.Post, cdrsUrl, body, ct);
        answers?.Add((StreamKeys.For("cdr", _cpoParty, id), Stopwatch.GetTimestamp()));
        return true;
    }

    /// <summary>Per CDR of the run: from its 1000 answer until the daily-totals view first showed it.</summary>
    private async Task<ProjectionLagResult> ProjectionLagAsync(ProjectionLagProbe probe, int concurrency,
        ConcurrentBag<(string Key, long AnsweredAt)> answers, CancellationToken ct, string what = "projection lag")
    {
        var ranks = new Dictionary<string, long>();
        await using (var command = _db.CreateCommand("select stream_id from emsp.mt_events where type = 'cdr_received' order by seq_id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) ranks[reader.GetString(0)] = ranks.Count + 1;
        }

        var allVisible = await probe.WaitForAsync(ranks.Count, TimeSpan.FromSeconds(60), ct);
        var lags = new List<double>();
        var missing = 0;
        foreach (var (key, answeredAt) in answers)
        {
            if (ranks.TryGetValue(key, out var rank) && probe.FirstSeen(rank) is { } seen)
                lags.Add(Math.Max(0, (seen - answeredAt) * 1000.0 / Stopwatch.Frequency));
            else
                missing++;
        }

        var sorted = lags.ToArray();
        Array.Sort(sorted);
        var result = new ProjectionLagResult
        {
            Concurrency = concurrency, Cdrs = answers.Count, Observed = sorted.Length, NotVisibleInTime = missing,
            P50Ms = LoadGenerator.Percentile(sorted, 0.50), P95Ms = LoadGenerator.Percentile(sorted, 0.95),
            P99Ms = LoadGenerator.Percentile(sorted, 0.99), MaxMs = sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 1),
        };
        if (!allVisible) _report.Notes.Add($"{what} c={concurrency}: the view did not show all {ranks.Count} CDRs within 60 s");
        Log($"  {what} c={concurrency}: p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, max {result.MaxMs:0.0} ms ({result.Observed}/{result.Cdrs} observed)");
        return result;
    }

    // ---------------------------------------------------------------- 5. replay, 6. memory

    private async Task ReplayAsync(CancellationToken ct)
    {
        var replay = new ReplayResult { EventsFromHttpPhases = await CountAsync("select count(*) from emsp.mt_events", ct) };
        await StopServiceAsync();
        Log($"Service stopped; {replay.EventsFromHttpPhases} events in the store");

        var missing = _options.ReplayEvents - replay.EventsFromHttpPhases;
        if (missing > 0)
        {
            var watch = Stopwatch.StartNew();
            await using (var store = ServiceEventStore.Create(_server!.ConnectionString))
            {
                var bulk = new BulkEvents(store.Store, _payloads, _cpoParty, _partnerId);
                replay.EventsBulkLoaded = await bulk.AppendChargesAsync(missing, 2, ct);
            }

            replay.BulkLoadSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
            replay.BulkLoadEventsPerSecond = Math.Round(replay.EventsBulkLoaded / watch.Elapsed.TotalSeconds);
            Log($"Bulk-appended {replay.EventsBulkLoaded} events (sessions, CDRs, EVSE status) in {replay.BulkLoadSeconds} s " +
                $"({replay.BulkLoadEventsPerSecond:0} events/s, Marten BulkInsertEventsAsync: COPY, no inline projections)");
        }

        replay.TotalEvents = await CountAsync("select count(*) from emsp.mt_events", ct);
        replay.Streams = await CountAsync("select count(*) from emsp.mt_streams", ct);
        await ExecuteAsync("vacuum analyze", ct);
        await ExecuteAsync("checkpoint", ct);

        // What starting the command line costs (host build, Marten/Wolverine set-up): the same process, listing only.
        await using (var list = ServiceProcess.Start(_serviceDll, _environment, ["projections", "list"], Path.Combine(_scratch, "projections-list.log")))
        {
            var (exit, elapsed) = await list.WaitAsync(TimeSpan.FromMinutes(5), ct);
            replay.CommandStartupSeconds = Math.Round(elapsed.TotalSeconds, 2);
            if (exit != 0) _report.Notes.Add($"'projections list' exited with {exit}: {list.LogTail(10)}");
        }

        Log($"Rebuilding every view over {replay.TotalEvents} events: dotnet Ocpi.Emsp.dll views rebuild");
        await ResetStatementsAsync(ct);
        await using (var rebuild = ServiceProcess.Start(_serviceDll, _environment, ["views", "rebuild"], Path.Combine(_scratch, "views-rebuild.log")))
        {
            await using var sampler = new RssSampler(rebuild.Pid);
            await using var database = new PostgresCpuTracker(_postmasterPid);
            var (exit, elapsed) = await rebuild.WaitAsync(TimeSpan.FromMinutes(30), ct);
            replay.DatabaseCpuSeconds = Math.Round(database.Seconds, 1);
            replay.CommandCpuSeconds = Math.Round(sampler.CpuSeconds, 1);
            replay.ExitCode = exit;
            replay.RebuildSeconds = Math.Round(elapsed.TotalSeconds, 2);
            replay.PeakRssMb = Math.Max(sampler.Peak, sampler.HighWater);
            if (exit != 0) throw new InvalidOperationException($"views rebuild exited with {exit}:\n{rebuild.LogTail()}");
        }

        await CollectStatementsAsync("rebuild", ct);
        replay.EventsPerSecond = Math.Round(replay.TotalEvents / replay.RebuildSeconds);
        var net = replay.RebuildSeconds - replay.CommandStartupSeconds;
        replay.EventsPerSecondExcludingStartup = net > 0 ? Math.Round(replay.TotalEvents / net) : 0;
        await VerifyRebuildAsync(replay, ct);
        Log($"Rebuild: {replay.RebuildSeconds} s, {replay.EventsPerSecond:0} events/s ({replay.EventsPerSecondExcludingStartup:0} without the " +
            $"{replay.CommandStartupSeconds} s start-up), peak RSS {replay.PeakRssMb:0} MiB, CPU: command {replay.CommandCpuSeconds} s, " +
            $"PostgreSQL {replay.DatabaseCpuSeconds} s; verified: {replay.Verified}");
        _report.Replay = replay;
    }

    /// <summary>Every view holds what its streams say after the rebuild.</summary>
    private async Task VerifyRebuildAsync(ReplayResult replay, CancellationToken ct)
    {
        var ok = true;
        foreach (var (kind, table) in new[] { ("session", "sessionview"), ("cdr", "cdrview"), ("location", "locationview"), ("token", "tokenview") })
        {
            var streams = await CountAsync($"select count(*) from emsp.mt_streams where id like '{kind}:%'", ct);
            var documents = await CountAsync($"select count(*) from emsp.mt_doc_{table}", ct);
            replay.Verification[$"{table}"] = $"{documents} documents / {streams} streams";
            ok &= streams == documents;
        }

        var cdrEvents = await CountAsync("select count(*) from emsp.mt_events where type = 'cdr_received'", ct);
        var counted = await CountAsync($"select coalesce(sum((data ->> 'cdr_count')::bigint), 0) from {ProjectionLagProbe.ViewTable}", ct);
        replay.Verification["cpodailycdrtotals"] = $"{counted} CDRs counted / {cdrEvents} CdrReceived events";
        ok &= counted == cdrEvents;
        var lines = await CountAsync($"select count(*) from {ProjectionLagProbe.BillingLineTable}", ct);
        replay.Verification["billingline"] = $"{lines} lines / {cdrEvents} CdrReceived events";
        ok &= lines == cdrEvents;
        var maxSeq = await CountAsync("select coalesce(max(seq_id), 0) from emsp.mt_events", ct);
        await using (var command = _db.CreateCommand("select name, last_seq_id from emsp.mt_event_progression order by name"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                var seq = reader.GetInt64(1);
                replay.Verification[$"progress {name}"] = $"{seq} / {maxSeq}";
                if (name.StartsWith("CpoDailyCdrTotals", StringComparison.Ordinal) || name.StartsWith("BillingLine", StringComparison.Ordinal))
                    ok &= seq == maxSeq;
            }
        }

        replay.Verified = ok;
    }

    private async Task AfterReplayAsync(CancellationToken ct)
    {
        await StartServiceAsync("2", ct);
        await Task.Delay(_options.Quick ? 1000 : 5000, ct);
        _report.Memory.AfterReplayAtRestMb = CurrentRss();
        // Some traffic of every kind, so the figure is of a working service, not only a started one.
        var warm = Math.Max(50, _options.WarmupRequests);
        var concurrency = _options.TargetConcurrency;
        await LoadGenerator.RunAsync("warm-session", concurrency, warm, null, _options.MaxRunTime, PutSessionAsync, ct);
        await LoadGenerator.RunAsync("warm-evse", concurrency, warm, null, _options.MaxRunTime, PatchEvseAsync, ct);
        await LoadGenerator.RunAsync("warm-cdr", concurrency, warm, null, _options.MaxRunTime, (_, t) => PostCdrAsync(null, t), ct);
        await LoadGenerator.RunAsync("warm-authorize", concurrency, warm, null, _options.MaxRunTime, async (_, token) =>
        {
            await _http.OcpiAsync(HttpMethod.Post, $"{_tokensUrl}/{_tokenUids[Random.Shared.Next(_tokenUids.Count)]}/authorize", null, token);
            return true;
        }, ct);
        await Task.Delay(_options.Quick ? 1000 : 3000, ct);
        _report.Memory.AfterReplayWarmMb = CurrentRss();
        _report.Memory.AfterReplayHighWaterMb = _sampler!.HighWater;
        Log($"Service RSS after {_report.Replay?.TotalEvents} events: {_report.Memory.AfterReplayAtRestMb:0.0} MiB at rest, " +
            $"{_report.Memory.AfterReplayWarmMb:0.0} MiB after {warm} requests of each kind (high-water {_report.Memory.AfterReplayHighWaterMb:0.0} MiB)");
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A warm-up run (not kept) and a measured run of one scenario at one concurrency.</summary>
    private async Task<RunResult> MeasureAsync(string scenario, int concurrency, Func<int, CancellationToken, Task<bool>> operation,
        CancellationToken ct, bool warmupOnly = false, bool skipWarmup = false, int? measuredRequests = null, TimeSpan? warmupTime = null)
    {
        if (!skipWarmup)
        {
            var minimum = warmupTime ?? _options.WarmupTime;
            var warming = Stopwatch.StartNew();
            var warmup = await LoadGenerator.RunAsync(scenario, concurrency, _options.WarmupRequests, null, _options.MaxRunTime, operation, ct);
            // Long enough for the JIT's second tier too (it promotes hot methods after a quiet 100 ms): not measured.
            if (warming.Elapsed < minimum)
                warmup = await LoadGenerator.RunAsync(scenario, concurrency, 0, minimum - warming.Elapsed, _options.MaxRunTime, operation, ct);
            if (warmup.Errors > 0) Log($"  warm-up {scenario} c={concurrency}: {warmup.Errors} errors, e.g. {warmup.ErrorSamples.FirstOrDefault()}");
            if (warmupOnly) return warmup;
        }

        await ResetStatementsAsync(ct);
        var before = _cpu.Take();
        var run = await LoadGenerator.RunAsync(scenario, concurrency, measuredRequests ?? _options.Requests, _options.Duration, _options.MaxRunTime, operation, ct);
        CpuMeter.Attribute(run, before, _cpu.Take());
        await CollectStatementsAsync($"{scenario}@{concurrency}", ct);
        LogRun(run);
        return run;
    }

    private void LogRun(RunResult run)
    {
        var (scenario, concurrency) = (run.Scenario, run.Concurrency);
        Log($"{scenario,-16} c={concurrency,-3} {run.Requests,6} req {run.Errors,4} err {run.RequestsPerSecond,8:0.0} /s  " +
            $"p50 {run.P50Ms,6:0.00}  p95 {run.P95Ms,6:0.00}  p99 {run.P99Ms,7:0.00}  max {run.MaxMs,7:0.0} ms  " +
            $"cpu/req svc {run.ServiceCpuMsPerRequest:0.00} db {run.DatabaseCpuMsPerRequest:0.00} gen {run.LoadGeneratorCpuMsPerRequest:0.00} ms, busy {run.MachineCpuBusyPercent:0}%" +
            (run.Errors > 0 ? $"  e.g. {run.ErrorSamples.FirstOrDefault()}" : ""));
    }

    private async Task ResetStatementsAsync(CancellationToken ct)
    {
        if (_options.PgStatStatements) await ExecuteAsync("select pg_stat_statements_reset()", ct);
    }

    private async Task CollectStatementsAsync(string label, CancellationToken ct)
    {
        if (!_options.PgStatStatements) return;
        var top = new List<StatementStat>();
        await using var command = _db.CreateCommand(
            "select left(regexp_replace(query, '\\s+', ' ', 'g'), 160), calls, total_exec_time, mean_exec_time, rows from pg_stat_statements " +
            "where query not like '%pg_stat_statements%' order by total_exec_time desc limit 12");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            top.Add(new StatementStat
            {
                Query = reader.GetString(0), Calls = reader.GetInt64(1), TotalMs = Math.Round(reader.GetDouble(2), 1),
                MeanMs = Math.Round(reader.GetDouble(3), 3), Rows = reader.GetInt64(4),
            });
        }

        _report.TopStatements[label] = top;
    }

    private double CurrentRss() => _service is not null && ProcStatus.Read(_service.Pid) is { } status ? status.RssMb : 0;

    private async Task<long> CountAsync(string sql, CancellationToken ct) => Convert.ToInt64(await ScalarAsync(sql, ct), CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = _db.CreateCommand(sql);
        command.CommandTimeout = 600;
        return await command.ExecuteScalarAsync(ct);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = _db.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
    }

    private void Log(string message)
    {
        lock (_out) _out.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");
    }

    private async Task CleanUpAsync()
    {
        try
        {
            await StopServiceAsync();
            if (_cpo is not null) await _cpo.DisposeAsync();
            _http?.Dispose();
            if (_db is not null) await _db.DisposeAsync();
            if (_server is not null) await _server.StopAsync();
            if (_scratch.Length > 0 && Directory.Exists(_scratch))
            {
                if (_options.KeepData) Log($"Data and logs kept in {_scratch}");
                else Directory.Delete(_scratch, recursive: true);
            }
        }
        catch (Exception e)
        {
            Log($"Clean-up failed: {e.Message}");
            _report.Notes.Add($"Clean-up failed: {e.Message} (temporary data in {_scratch})");
        }
    }
}
