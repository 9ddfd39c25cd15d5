using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ocpi.Emsp.Hosting;

/// <summary>/health/live: the process answers. /health/ready: and its database answers.</summary>
public static class HealthChecks
{
    public static void AddEmspHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

    public static void MapEmspHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        routes.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
    }
}

public sealed class DatabaseHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable");
        }
    }
}
