namespace Ocpi.Emsp.Telemetry;

/// <summary>Configuration section <c>Emsp:Telemetry</c>: OpenTelemetry traces and metrics.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Emsp:Telemetry";

    /// <summary>Off: no OpenTelemetry SDK, no /metrics, no gauge queries (the instruments stay, unobserved and nearly free).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// OTLP collector (e.g. http://otel-collector:4317). The standard OTEL_EXPORTER_OTLP_ENDPOINT works as well; either one
    /// turns on the OTLP export of traces and metrics. OTEL_EXPORTER_OTLP_PROTOCOL and the other OTEL_* variables apply.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Traces are recorded only when something receives them (an OTLP endpoint): a span per request and per SQL statement
    /// costs CPU on the write path. True records them without an OTLP endpoint (for an exporter added in code).
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>The Prometheus text exposition's path, served on the service's own port; empty turns it off.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// The gauges read from the database (projection lag, outbox depth, token push and pull sync status) are refreshed
    /// by a collection at most this often; a collection in between reports the last values read.
    /// </summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
