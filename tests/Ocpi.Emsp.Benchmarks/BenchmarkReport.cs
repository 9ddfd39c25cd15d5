using System.Text.Json.Serialization;
using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>Everything one run measured; written as JSON (snake_case) and printed as a table.</summary>
public sealed class BenchmarkReport
{
    public string Mode { get; set; } = "full";
    public DateTimeOffset StartedAt { get; set; }
    public double DurationSeconds { get; set; }
    public string? GitCommit { get; set; }
    public bool? GitWorkTreeDirty { get; set; }
    public MachineInfo Machine { get; set; } = new();
    public RunSettings Settings { get; set; } = new();
    public List<RunResult> Baseline { get; set; } = [];
    public List<RunResult> Ingestion { get; set; } = [];
    /// <summary>Session PUTs answered 2xx/1000 to wrk (warm-ups included), and session streams in the store after them.</summary>
    public long SessionPutsAnswered { get; set; }
    public long SessionsStored { get; set; }

    /// <summary>Request log lines of those Session PUTs in the service's output (request logs are on, as shipped).</summary>
    public long SessionPutsLogged { get; set; }

    public AuthorizationResult? Authorization { get; set; }
    public List<ProjectionLagResult> ProjectionLag { get; set; } = [];
    /// <summary>The same CDRs, from their answer until their line is in the async BillingLine view.</summary>
    public List<ProjectionLagResult> BillingLineLag { get; set; } = [];
    public List<CostCheckResult> CostChecks { get; set; } = [];
    public ReplayResult? Replay { get; set; }
    public TwoNodeResult? TwoNodes { get; set; }
    public MemoryResult Memory { get; set; } = new();

    /// <summary>CPU the idle service uses (daemon and messaging polls), in % of one core, measured before any load.</summary>
    public double ServiceIdleCpuPercent { get; set; }
    public List<TargetCheck> Targets { get; set; } = [];
    public List<string> Notes { get; set; } = [];
    public Dictionary<string, List<StatementStat>> TopStatements { get; set; } = [];

    /// <summary>True when every section holds figures and no request failed.</summary>
    public bool Completed { get; set; }
}

public sealed class MachineInfo
{
    public int ProcessorCount { get; set; }
    public string? CpuModel { get; set; }
    public double MemoryTotalGiB { get; set; }
    public string? Os { get; set; }
    public string? Kernel { get; set; }
    public string DotnetVersion { get; set; } = "";
    public string? PostgresVersion { get; set; }
    /// <summary><see cref="CpuCheck"/> at the start and at the end of the run, in ms (lower is faster).</summary>
    public double CpuCheckStartMs { get; set; }
    public double CpuCheckEndMs { get; set; }
}

public sealed class RunSettings
{
    public IReadOnlyList<int> Concurrencies { get; set; } = [];
    public int TargetConcurrency { get; set; }
    public int WarmupRequests { get; set; }
    public double WarmupSeconds { get; set; }
    public double AuthorizationWarmupSeconds { get; set; }
    public int Requests { get; set; }
    public double? DurationSeconds { get; set; }
    public int Locations { get; set; }
    public int HotSetEvses { get; set; }
    public int Tokens { get; set; }
    public double SliceSeconds { get; set; }
    public int PairedRounds { get; set; }
    public int WrkThreads { get; set; }
    public string? Wrk { get; set; }
    public string? Pgbench { get; set; }
    public double AuthorizationSeconds { get; set; }
    public double TwoNodeSeconds { get; set; }
    public int AuthorizationConcurrency { get; set; }
    public int ReplayEvents { get; set; }
    public string ServiceDll { get; set; } = "";
    public string ServiceConfiguration { get; set; } = "";
    public bool PostgresDurable { get; set; }
    public string PostgresSettings { get; set; } = "";
    public List<string>? Only { get; set; }
    public string? ServiceConnectionOptions { get; set; }
    public List<string>? ServiceEnvironment { get; set; }
}

/// <summary>One measured run: a scenario at one concurrency.</summary>
public sealed class RunResult
{
    public string Scenario { get; set; } = "";
    public int Concurrency { get; set; }
    public int Requests { get; set; }
    public int Errors { get; set; }
    public double Seconds { get; set; }
    public double RequestsPerSecond { get; set; }
    public double P50Ms { get; set; }
    public double P95Ms { get; set; }
    public double P99Ms { get; set; }
    public double MaxMs { get; set; }
    public double MeanMs { get; set; }

    /// <summary>What sent the requests: "wrk", "pgbench" or ".NET" (this program's own HTTP client, for phases wrk does not fit).</summary>
    public string Generator { get; set; } = ".NET";

    /// <summary>
    /// Requests/s divided by the pgbench ceiling's transactions/s at the same concurrency (ingestion runs only): for
    /// Session PUT over all its paired rounds, for the other scenarios against Session PUT's ceiling slices.
    /// </summary>
    public double? RatioToBaseline { get; set; }

    /// <summary>Session PUT: the ceiling measured in slices alternating with this run's slices (same machine moments), merged.</summary>
    public RunResult? PairedBaseline { get; set; }

    /// <summary>Session PUT: each round's ceiling slice, scenario slice and share.</summary>
    public List<PairedRound>? Rounds { get; set; }

    /// <summary>Every latency of the run, kept to merge slices; not written.</summary>
    [JsonIgnore]
    public LatencyHistogram? Latency { get; set; }

    /// <summary>CPU time per request spent in the service process, in all PostgreSQL processes and in the load generator.</summary>
    public double ServiceCpuMsPerRequest { get; set; }
    public double DatabaseCpuMsPerRequest { get; set; }
    public double LoadGeneratorCpuMsPerRequest { get; set; }

    /// <summary>How busy the machine's cores were during the run (100 = every core all the time).</summary>
    public double MachineCpuBusyPercent { get; set; }
    public List<string> ErrorSamples { get; set; } = [];
}

/// <summary>One round of a paired measurement: a pgbench slice, then a slice of the scenario, and the scenario's share.</summary>
public sealed class PairedRound
{
    public int Round { get; set; }
    public RunResult Ceiling { get; set; } = new();
    public RunResult Scenario { get; set; } = new();
    public double Share { get; set; }
}

/// <summary>
/// Two service processes on one database, both taking EVSE PATCHes for the same Locations (and CDR POSTs, whose arrival
/// in the async daily totals gives the lag): how far the async daemon falls behind when the nodes' writes conflict.
/// </summary>
public sealed class TwoNodeResult
{
    public double Seconds { get; set; }
    public RunResult EvsePatch { get; set; } = new();
    public RunResult CdrPost { get; set; } = new();
    public ProjectionLagResult Lag { get; set; } = new();

    /// <summary>Events appended during the phase, and sequence numbers in their range that no event holds (rolled-back appends).</summary>
    public long Events { get; set; }
    public long SequenceGaps { get; set; }
}

public sealed class AuthorizationResult
{
    public int TokenCount { get; set; }
    public int TokensCreatedOverHttp { get; set; }
    public int TokensBulkAppended { get; set; }
    public double TokenCreationSeconds { get; set; }
    public double TokenCreationPerSecond { get; set; }
    public int TokenCreationErrors { get; set; }
    public RunResult Run { get; set; } = new();
    public Dictionary<string, int> Decisions { get; set; } = [];

    /// <summary>Authorizations answered in the warm-up and measured run (each one a decision to store).</summary>
    public long DecisionsAnswered { get; set; }

    /// <summary>Decisions answered but not yet in the event store when the last answer went out (stored behind the answer).</summary>
    public long DecisionsUnstoredAtEnd { get; set; }
    public long DecisionsStored { get; set; }

    /// <summary>Time from the last answer until every decision was in the event store.</summary>
    public double DecisionsStoredWithinMs { get; set; }
}

/// <summary>Cost-checked CDR POSTs at one concurrency and the lag from each 1000 answer to the CDR's CdrCostChecked event.</summary>
public sealed class CostCheckResult
{
    public RunResult Run { get; set; } = new();
    public int Cdrs { get; set; }
    public int Checked { get; set; }
    public Dictionary<string, int> Verdicts { get; set; } = [];
    public double LagP50Ms { get; set; }
    public double LagP95Ms { get; set; }
    public double LagP99Ms { get; set; }
    public double LagMaxMs { get; set; }
}

public sealed class ProjectionLagResult
{
    public int Concurrency { get; set; }
    public int Cdrs { get; set; }
    public int Observed { get; set; }
    public int NotVisibleInTime { get; set; }
    public double P50Ms { get; set; }
    public double P95Ms { get; set; }
    public double P99Ms { get; set; }
    public double MaxMs { get; set; }
}

public sealed class ReplayResult
{
    public long EventsFromHttpPhases { get; set; }
    public long EventsBulkLoaded { get; set; }
    public double BulkLoadSeconds { get; set; }
    public double BulkLoadEventsPerSecond { get; set; }
    public long TotalEvents { get; set; }
    public long Streams { get; set; }
    public double RebuildSeconds { get; set; }
    public double EventsPerSecond { get; set; }
    public double CommandStartupSeconds { get; set; }
    public double EventsPerSecondExcludingStartup { get; set; }
    public double PeakRssMb { get; set; }

    /// <summary>CPU time of the rebuild command (last reading, up to 100 ms before it ended) and of PostgreSQL meanwhile.</summary>
    public double CommandCpuSeconds { get; set; }
    public double DatabaseCpuSeconds { get; set; }
    public int ExitCode { get; set; }
    public bool Verified { get; set; }
    public Dictionary<string, string> Verification { get; set; } = [];
}

public sealed class MemoryResult
{
    public double AtRestMb { get; set; }
    public double UnderLoadPeakMb { get; set; }
    public double UnderLoadHighWaterMb { get; set; }
    public double BeforeReplayMb { get; set; }
    public double AfterReplayAtRestMb { get; set; }
    public double AfterReplayWarmMb { get; set; }
    public double AfterReplayHighWaterMb { get; set; }
}

public sealed class TargetCheck
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public string Target { get; set; } = "";
    public bool Pass { get; set; }
}

public sealed class StatementStat
{
    public string Query { get; set; } = "";
    public long Calls { get; set; }
    public double TotalMs { get; set; }
    public double MeanMs { get; set; }
    public long Rows { get; set; }
}
