using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// One log format from the first line to the last: the embedded database's start, the host, requests, and the database's
/// stop after the host has gone all write through Serilog, as text lines or (<c>Emsp:Logging:Format=json</c>) as compact
/// JSON lines (<c>@t</c>, <c>@m</c>, <c>@l</c>, properties) for a log pipeline.
/// </summary>
public static class SerilogSetup
{
    public const string FormatKey = "Emsp:Logging:Format";

    private const string Template =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}";

    /// <summary>
    /// The host's own logger, disposed with the host. The static <see cref="Log.Logger"/> is left alone: a host that took
    /// it would, when disposed, silence every other host in the same process (the test run starts many).
    /// </summary>
    public static void AddEmspSerilog(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((_, logger) => Configure(logger, builder.Configuration), preserveStaticLogger: true);

    /// <summary>
    /// A logger for what runs before the host has its own (the embedded database's start) or after it is gone (its stop):
    /// the same configuration, so the same format and levels.
    /// </summary>
    public static Microsoft.Extensions.Logging.ILogger CreateBootstrapLogger(IConfiguration configuration, string category)
    {
        var logger = Configure(new LoggerConfiguration(), configuration).CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true).CreateLogger(category);
    }

    private static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        logger
            .ReadFrom.Configuration(configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Marten", LogEventLevel.Warning)
            .MinimumLevel.Override("Wolverine", LogEventLevel.Warning)
            .MinimumLevel.Override("JasperFx", LogEventLevel.Warning)
            .Filter.ByExcluding(HttpClientHeaders)
            .Enrich.FromLogContext();
        var format = configuration[FormatKey];
        return format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "text" => logger.WriteTo.Console(outputTemplate: Template),
            "json" => logger.WriteTo.Console(new RenderedCompactJsonFormatter()),
            _ => throw new InvalidOperationException($"{FormatKey} must be text or json, not '{format}'."),
        };
    }

    /// <summary>
    /// HttpClient's Trace events list the request and response headers: their message masks the values, but their
    /// properties hold them in full, the partner's credentials token (Authorization) included. Never written.
    /// </summary>
    private static bool HttpClientHeaders(LogEvent e) =>
        e.Level < LogEventLevel.Debug
        && e.Properties.TryGetValue("SourceContext", out var source)
        && source is ScalarValue { Value: string name }
        && name.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal);

    /// <summary>
    /// One structured line per request, with the request and correlation ids from the log context, written by the host's
    /// own logger (the middleware's default is the static one).
    /// </summary>
    public static void UseEmspRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} answered {StatusCode} in {Elapsed:0.0} ms";
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });
}
