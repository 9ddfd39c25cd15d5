using System.Globalization;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>Sizes and switches of one benchmark run. <see cref="Parse"/> reads them from the command line.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Tiny sizes (seconds, not minutes): keeps the program working; its numbers mean nothing.</summary>
    public bool Quick { get; init; }

    /// <summary>Concurrency levels of the ingestion runs (and of the baseline).</summary>
    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 8, 32];

    /// <summary>Requests sent before each measured run, at the same concurrency; not counted.</summary>
    public int WarmupRequests { get; init; } = 300;

    /// <summary>Each warm-up also lasts at least this long (after the warm-up requests).</summary>
    public TimeSpan WarmupTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The authorization warm-up lasts at least this long: after 3 s its p99 over the next 50,000 requests was
    /// 4.5-6.5 ms in five runs, after 10 s 3.9-4.2 ms (the tail of the first seconds is warm-up, not steady state).
    /// </summary>
    public TimeSpan AuthorizationWarmupTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Measured requests of each (scenario, concurrency) run, unless <see cref="Duration"/> is set.</summary>
    public int Requests { get; init; } = 10_000;

    /// <summary>
    /// Session PUT at the target concurrency is measured in this many rounds, each a pgbench slice and then a wrk slice
    /// of <see cref="SliceTime"/>; its share of the ceiling is taken per round and over all rounds. This machine's speed
    /// drifts within minutes: a ceiling measured minutes apart moved the share by several points. Other concurrency
    /// levels get one round.
    /// </summary>
    public int PairedRounds { get; init; } = 3;

    /// <summary>Length of one pgbench or wrk slice (whole seconds).</summary>
    public TimeSpan SliceTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>wrk's threads (at most its connections): one event loop keeps wrk's own CPU small at these rates.</summary>
    public int WrkThreads { get; init; } = 1;

    /// <summary>When set, each measured run lasts this long instead of a fixed request count.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>A safety cap on one measured run (fixed-count mode).</summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Locations PUT before the EVSE PATCH runs; their EVSEs (2 each) are the hot set.</summary>
    public int Locations { get; init; } = 50;

    /// <summary>Size of the token set the authorization run draws from.</summary>
    public int Tokens { get; init; } = 100_000;

    /// <summary>Concurrency of the token creation through the internal API.</summary>
    public int TokenCreationConcurrency { get; init; } = 8;

    /// <summary>When creating all tokens through the internal API would take longer, the rest is bulk-appended.</summary>
    public TimeSpan TokenCreationBudget { get; init; } = TimeSpan.FromMinutes(5);

    public int AuthorizationConcurrency { get; init; } = 8;

    /// <summary>How long wrk sends authorizations after the warm-up (whole seconds).</summary>
    public TimeSpan AuthorizationTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long two service nodes take EVSE PATCHes for the same Locations while the daemon's lag is measured.</summary>
    public TimeSpan TwoNodeTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Events in the store when the projections are rebuilt (the HTTP phases' events plus bulk-loaded ones).</summary>
    public int ReplayEvents { get; init; } = 1_000_000;

    /// <summary>The concurrency whose figures the targets are checked against.</summary>
    public int TargetConcurrency { get; init; } = 8;

    /// <summary>How often the projection-lag probe reads the async view.</summary>
    public TimeSpan LagPollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    public string OutPath { get; init; } = "benchmark-results.json";

    /// <summary>The service's Ocpi.Emsp.dll; null finds the build of src/Ocpi.Emsp.</summary>
    public string? ServiceDll { get; init; }

    /// <summary>Enables pg_stat_statements (server restart) and reports the top statements of each ingestion run.</summary>
    public bool PgStatStatements { get; init; }

    /// <summary>Runs only these phases (see <see cref="Phases"/>); null runs them all.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    public static readonly string[] Phases = ["session-put", "evse-patch", "cdr-post", "cost-check", "authorize", "two-node", "replay"];

    public bool Runs(string phase) => Only is null || Only.Contains(phase);

    /// <summary>Npgsql settings appended to the service's connection string (e.g. "Max Auto Prepare=50"): tuning experiments.</summary>
    public string? ServiceConnectionOptions { get; init; }

    /// <summary>Extra environment variables of the service process (KEY=VALUE): tuning experiments.</summary>
    public IReadOnlyList<string> ServiceEnvironment { get; init; } = [];

    /// <summary>Keeps the temporary data directory (and the service logs) instead of deleting it.</summary>
    public bool KeepData { get; init; }

    public static BenchmarkOptions Quickly => new()
    {
        Quick = true,
        Concurrencies = [1, 2],
        TargetConcurrency = 2,
        WarmupRequests = 10,
        WarmupTime = TimeSpan.Zero,
        AuthorizationWarmupTime = TimeSpan.Zero,
        Requests = 40,
        PairedRounds = 2,
        SliceTime = TimeSpan.FromSeconds(1),
        MaxRunTime = TimeSpan.FromSeconds(30),
        Locations = 5,
        Tokens = 300,
        TokenCreationConcurrency = 2,
        AuthorizationConcurrency = 2,
        AuthorizationTime = TimeSpan.FromSeconds(1),
        TwoNodeTime = TimeSpan.FromSeconds(2),
        ReplayEvents = 2000,
    };

    public const string Usage = """
        Ocpi.Emsp benchmark: dotnet run -c Release --project tests/Ocpi.Emsp.Benchmarks [-- options]
          --quick                      tiny sizes (smoke test): concurrency 1 and 2, 1 s slices, 300 tokens, 2,000 events replayed
          --out PATH                   JSON results file (default benchmark-results.json in the current directory)
          --concurrency 1,8,32         ingestion/ceiling concurrency levels
          --target-concurrency N       the level the targets are checked at (default 8)
          --slice-seconds S            length of each pgbench and wrk slice (default 15)
          --paired-rounds N            Session PUT at the target concurrency in N rounds of (pgbench slice, wrk slice) (default 3)
          --wrk-threads N              wrk threads (default 1)
          --requests N                 measured requests of the .NET-driven runs (EVSE PATCH, CDR POST) (default 10000)
          --warmup N                   warm-up requests before each measured run (default 300)
          --warmup-seconds S           ... and the warm-up lasts at least S seconds (default 3)
          --authorize-warmup-seconds S the authorization warm-up lasts at least S seconds (default 10)
          --duration SECONDS           measure each run for a fixed time instead of a fixed count
          --locations N                locations whose EVSEs form the PATCH hot set (default 50)
          --tokens N                   token set size for authorization (default 100000)
          --token-creation-budget S    seconds the token creation through the API may take; the rest is bulk-appended (default 300)
          --authorize-seconds S        measured authorization time (wrk, default 15)
          --authorize-concurrency N    authorization concurrency (default 8)
          --two-node-seconds S         two service nodes patching the same Locations: daemon lag phase (default 20)
          --replay-events N            events in the store when projections are rebuilt (default 1000000)
          --service-dll PATH           the service to run (default: src/Ocpi.Emsp/bin/<configuration>/net10.0/Ocpi.Emsp.dll)
          --only a,b                   run only some phases: session-put, evse-patch, cdr-post, authorize, two-node, replay
                                       (targets of skipped phases are not checked)
          --service-connection-options "Max Auto Prepare=50"   Npgsql settings added to the service's connection string
          --service-env KEY=VALUE      an environment variable for the service process (repeatable)
          --pg-stat-statements         enable pg_stat_statements and report the top statements per run and of the rebuild
          --keep-data                  keep the temporary database directory and logs
        """;

    /// <summary>Reads the command line; null with <paramref name="error"/> set when it cannot be read.</summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = args.Contains("--quick") ? Quickly : new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new FormatException($"{name} needs a value");
                return args[++i];
            }

            int Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new FormatException($"{name} needs a positive whole number");

            try
            {
                options = name switch
                {
                    "--quick" => options,
                    "--out" => options with { OutPath = Value() },
                    "--concurrency" => options with
                    {
                        Concurrencies = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                                ? v : throw new FormatException("--concurrency needs positive whole numbers, e.g. 1,8,32"))
                            .Distinct().Order().ToList(),
                    },
                    "--target-concurrency" => options with { TargetConcurrency = Int() },
                    "--requests" => options with { Requests = Int() },
                    "--paired-rounds" => options with { PairedRounds = Int() },
                    "--slice-seconds" => options with { SliceTime = TimeSpan.FromSeconds(Int()) },
                    "--wrk-threads" => options with { WrkThreads = Int() },
                    "--two-node-seconds" => options with { TwoNodeTime = TimeSpan.FromSeconds(Int()) },
                    "--warmup" => options with { WarmupRequests = Int() },
                    "--warmup-seconds" => options with { WarmupTime = TimeSpan.FromSeconds(Int()) },
                    "--authorize-warmup-seconds" => options with { AuthorizationWarmupTime = TimeSpan.FromSeconds(Int()) },
                    "--duration" => options with { Duration = TimeSpan.FromSeconds(Int()) },
                    "--locations" => options with { Locations = Int() },
                    "--tokens" => options with { Tokens = Int() },
                    "--token-creation-budget" => options with { TokenCreationBudget = TimeSpan.FromSeconds(Int()) },
                    "--authorize-seconds" => options with { AuthorizationTime = TimeSpan.FromSeconds(Int()) },
                    "--authorize-concurrency" => options with { AuthorizationConcurrency = Int() },
                    "--replay-events" => options with { ReplayEvents = Int() },
                    "--service-dll" => options with { ServiceDll = Value() },
                    "--pg-stat-statements" => options with { PgStatStatements = true },
                    "--keep-data" => options with { KeepData = true },
                    "--service-connection-options" => options with { ServiceConnectionOptions = Value() },
                    "--service-env" => options with
                    {
                        ServiceEnvironment = [.. options.ServiceEnvironment, Value() is var pair && pair.IndexOf('=') > 0
                            ? pair : throw new FormatException("--service-env takes KEY=VALUE")],
                    },
                    "--only" => options with
                    {
                        Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(p => Phases.Contains(p) ? p : throw new FormatException($"--only takes {string.Join(", ", Phases)}"))
                            .ToHashSet(),
                    },
                    _ => throw new FormatException($"Unknown option {name}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        if (options.Concurrencies.Count == 0)
        {
            error = "--concurrency needs at least one level";
            return null;
        }

        return options;
    }
}
