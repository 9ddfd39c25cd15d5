using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// Three probes with different questions, so that a short database outage does not take every node out of the load
/// balancer while authorization keeps answering from memory:
/// <list type="bullet">
/// <item>/health/live: the process answers (never looks at the database; a restart would not bring it back).</item>
/// <item>/health/startup: the node has reached its database at least once since it started.</item>
/// <item>/health/ready: the database answers, or has been unreachable for less than
/// <c>Emsp:Health:DatabaseOutageGrace</c> (then 200 "Degraded"); 503 once the outage lasts longer, or while the node
/// never reached it.</item>
/// </list>
/// </summary>
public static class HealthChecks
{
    public const string LivePath = "/health/live";
    public const string StartupPath = "/health/startup";
    public const string ReadyPath = "/health/ready";

    public static void AddEmspHealthChecks(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section);
        services.AddSingleton<DatabaseReachability>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"])
            .AddCheck<DatabaseStartupCheck>("database reached since start", tags: ["startup"]);
    }

    public static void MapEmspHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(LivePath, new() { Predicate = _ => false });
        routes.MapHealthChecks(StartupPath, new() { Predicate = c => c.Tags.Contains("startup") });
        routes.MapHealthChecks(ReadyPath, new() { Predicate = c => c.Tags.Contains("ready") });
    }
}

public sealed class HealthOptions
{
    public const string Section = "Emsp:Health";

    /// <summary>How long the database may stay unreachable before readiness fails (default 30 s).</summary>
    public TimeSpan DatabaseOutageGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one probe waits for the database (default 3 s, under a typical probe timeout of 5 s).</summary>
    public TimeSpan DatabaseCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

public sealed class DatabaseReadinessCheck(DatabaseReachability database, Microsoft.Extensions.Options.IOptions<HealthOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var state = await database.ProbeAsync(ct);
        if (state.Reachable) return HealthCheckResult.Healthy();
        if (state.LastReached is null) return HealthCheckResult.Unhealthy("Database never reached since start");
        var grace = options.Value.DatabaseOutageGrace;
        return state.UnreachableFor > grace
            ? HealthCheckResult.Unhealthy($"Database unreachable for {state.UnreachableFor.TotalSeconds:0} s (grace {grace.TotalSeconds:0} s)")
            : HealthCheckResult.Degraded($"Database unreachable for {state.UnreachableFor.TotalSeconds:0} s, within the grace of {grace.TotalSeconds:0} s");
    }
}

public sealed class DatabaseStartupCheck(DatabaseReachability database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (database.LastReached is not null) return HealthCheckResult.Healthy();
        var state = await database.ProbeAsync(ct);
        return state.Reachable ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Database not reached yet");
    }
}
