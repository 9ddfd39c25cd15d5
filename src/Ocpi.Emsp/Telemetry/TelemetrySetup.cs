using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ocpi.Emsp.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics of ASP.NET Core, HttpClient (calls to partners), Npgsql, Wolverine, Marten, the .NET
/// runtime and the service itself (<see cref="EmspMetrics"/>). Metrics are always scrapeable at /metrics (Prometheus text
/// format) and also exported over OTLP when an endpoint is configured; traces are recorded only when exported.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Activity sources of the libraries we use (their own instrumentation, named by them).</summary>
    private static readonly string[] LibrarySources = ["Wolverine", "Marten"];

    /// <summary>Their meters: Wolverine's is named "Wolverine:" and the service name.</summary>
    private static readonly string[] LibraryMeters = ["Wolverine*", "Marten"];

    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.Enabled ?? true;

    public static void AddEmspTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        services.AddSingleton<EmspMetrics>();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled) return;

        services.AddHostedService(sp => sp.GetRequiredService<OperationalGauges>());
        services.AddSingleton<OperationalGauges>();
        // Our key is handed to the exporter as the standard variable, so that both mean the same (with http/protobuf the
        // exporter appends /v1/traces and /v1/metrics to it); ours wins when both are set.
        if (options.OtlpEndpoint is { Length: > 0 } ours) builder.Configuration[OtlpEndpointVariable] = ours;
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "ocpi-emsp",
                serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EmspMetrics.MeterName)
                    .AddMeter(LibraryMeters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (options.PrometheusPath.Length > 0) metrics.AddPrometheusExporter(o => o.ScrapeEndpointPath = options.PrometheusPath);
                if (exportOtlp) metrics.AddOtlpExporter();
            });
        if (options.Tracing ?? exportOtlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(EmspTracing.SourceName)
                    .AddSource(LibrarySources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path, options.PrometheusPath))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (exportOtlp) tracing.AddOtlpExporter();
            });
        }
    }

    /// <summary>Serves /metrics ahead of routing and request logging: a scrape every few seconds is neither an endpoint nor a log line.</summary>
    public static void UseEmspMetricsEndpoint(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Enabled && options.PrometheusPath.Length > 0) app.UseOpenTelemetryPrometheusScrapingEndpoint(options.PrometheusPath);
    }

    private static bool IsProbe(PathString path, string metricsPath) =>
        path.StartsWithSegments("/health") || (metricsPath.Length > 0 && path.StartsWithSegments(metricsPath));
}
