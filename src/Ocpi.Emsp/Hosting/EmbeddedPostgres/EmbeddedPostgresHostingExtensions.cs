using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

public static class EmbeddedPostgresHostingExtensions
{
    /// <summary>The configuration section read into <see cref="EmbeddedPostgresOptions"/>.</summary>
    public const string ConfigurationSection = "Emsp:EmbeddedDatabase";

    /// <summary>
    /// When no <c>ConnectionStrings:Marten</c> is configured, starts (or reuses) the embedded PostgreSQL server configured
    /// under <c>Emsp:EmbeddedDatabase</c>, points <c>ConnectionStrings:Marten</c> at it, registers it as a singleton and
    /// stops it once the host has stopped, or when the process ends if the host never ran. Call it before anything reads the connection string.
    /// </summary>
    /// <returns>The server, or null when a connection string was configured.</returns>
    public static EmbeddedPostgresServer? UseEmbeddedPostgresWhenNoConnectionString(this WebApplicationBuilder builder, ILogger? logger = null)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Marten")))
        {
            return null;
        }

        // The logger lives as long as the server, which logs when it stops (after the host's own logger is gone).
        logger ??= SerilogSetup.CreateBootstrapLogger(builder.Configuration, "Ocpi.Emsp.EmbeddedPostgres");
        var options = ReadOptions(builder.Configuration.GetSection(ConfigurationSection));
        logger.LogInformation("No ConnectionStrings:Marten configured: using the embedded PostgreSQL server");
        var server = EmbeddedPostgresServer.StartAsync(options, logger, CancellationToken.None).GetAwaiter().GetResult();

        builder.Configuration["ConnectionStrings:Marten"] = server.ConnectionString;
        builder.Services.AddSingleton(server);
        builder.Services.AddHostedService(_ => new EmbeddedPostgresLifetime(server));
        if (server.StartedHere) StopWhenTheProcessEnds(server);
        return server;
    }

    /// <summary>Reads DataDirectory, BinDirectory, Database, Port and Durable from <paramref name="section"/>.</summary>
    public static EmbeddedPostgresOptions ReadOptions(IConfiguration section)
    {
        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = NullIfBlank(section["DataDirectory"]),
            BinDirectory = NullIfBlank(section["BinDirectory"]),
        };
        if (NullIfBlank(section["Database"]) is { } database)
        {
            options = options with { Database = database };
        }

        if (NullIfBlank(section["Port"]) is { } port)
        {
            options = options with
            {
                Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
                    ? value
                    : throw new EmbeddedPostgresException($"{ConfigurationSection}:Port must be a TCP port number (1-65535), not '{port}'."),
            };
        }

        if (NullIfBlank(section["Durable"]) is { } durable)
        {
            options = options with
            {
                Durable = bool.TryParse(durable, out var value)
                    ? value
                    : throw new EmbeddedPostgresException($"{ConfigurationSection}:Durable must be true or false, not '{durable}'."),
            };
        }

        return options;
    }

    /// <summary>
    /// The host stops the server when it stops; but a command that never starts the host (help, a failed argument parse)
    /// or an exception while the host is built would leave it running. Stopping twice does nothing.
    /// </summary>
    private static void StopWhenTheProcessEnds(EmbeddedPostgresServer server)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopQuietly(server);
        AppDomain.CurrentDomain.UnhandledException += (_, _) => StopQuietly(server);
    }

    private static void StopQuietly(EmbeddedPostgresServer server)
    {
        try
        {
            server.StopAsync().GetAwaiter().GetResult();
        }
        catch (EmbeddedPostgresException e)
        {
            // The process is ending: say why the server may still run, do not replace the exit with a crash.
            Console.Error.WriteLine(e.Message);
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Stops the server after every other hosted service has stopped.</summary>
    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgresServer server) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => server.StopAsync();
    }
}
