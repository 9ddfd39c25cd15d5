using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>Starts the server with <c>pg_ctl start</c> on a loopback port, retrying when a picked free port was taken meanwhile.</summary>
internal static class PostgresServerLauncher
{
    public static async Task<int> StartAsync(
        PostgresBinaries binaries, PostgresDataDirectory directory, EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreeLoopbackPort();
            logger.LogInformation("Starting PostgreSQL ({Binaries}) on {DataDirectory}, port {Port}", binaries.Directory, directory.Path, port);
            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl,
                ["start", "-w", "-t", "60", "-D", directory.Path, "-l", directory.LogFile, "-o", ServerOptions(directory.Path, port, options.Durable)],
                asServerUser: true,
                timeout: TimeSpan.FromSeconds(90),
                cancellationToken: cancellationToken);
            if (result.Succeeded)
            {
                return port;
            }

            var log = directory.LogTail();
            var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase) || log.Contains("already in use", StringComparison.OrdinalIgnoreCase);
            if (options.Port is null && portTaken && attempt < 3)
            {
                logger.LogWarning("Port {Port} was taken meanwhile; trying another one", port);
                continue;
            }

            throw new EmbeddedPostgresException(result.Describe() + Environment.NewLine + log);
        }
    }

    private static string ServerOptions(string dataDirectory, int port, bool durable)
    {
        // pg_ctl hands these to /bin/sh, hence the quoting. A Unix socket path must fit in 107 bytes.
        var socketDirectory = dataDirectory.Length + ".s.PGSQL.65535".Length + 1 < 104 ? dataDirectory : "";
        var options = $"-p {port} -c listen_addresses=127.0.0.1 -c {ShellQuote("unix_socket_directories=" + socketDirectory)} " +
            "-c max_connections=300 -c shared_buffers=128MB";
        return durable
            ? options + " -c fsync=on"
            : options + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
