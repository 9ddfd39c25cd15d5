using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: the one named by <c>OCPI_EMSP_TEST_CONNECTION_STRING</c>, or else an
/// embedded server in a fresh temporary directory, started on first use and removed when the process exits.
/// Each test asks for its own fresh database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public static class TestPostgres
{
    public const string ConnectionStringVariable = "OCPI_EMSP_TEST_CONNECTION_STRING";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a fresh, uniquely named database and returns a connection string for it.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var admin = await AdminConnectionString.Value;
        var name = UniqueDatabaseName(prefix);
        await PostgresDatabases.CreateIfMissingAsync(admin, name, CancellationToken.None);
        // Every test database has its own connection pool: idle connections are closed soon, so that the pools of
        // finished tests do not use up the server's max_connections.
        return new NpgsqlConnectionStringBuilder(admin)
        {
            Database = name,
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
    }

    /// <summary><c>t_&lt;prefix&gt;_&lt;8 hex&gt;</c>: lower case, only [a-z0-9_], at most 63 characters.</summary>
    public static string UniqueDatabaseName(string prefix)
    {
        var cleaned = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            cleaned.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_');
        }

        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var room = 63 - "t_".Length - "_".Length - suffix.Length;
        var middle = cleaned.Length > room ? cleaned.ToString(0, room) : cleaned.ToString();
        return $"t_{middle}_{suffix}";
    }

    public static string CreateScratchDirectory(string prefix) => ScratchDirectories.Create(prefix);

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var directory = CreateScratchDirectory("tests");
        var dataDirectory = Path.Combine(directory, "pgdata");
        var binaries = PostgresBinaries.Locate();
        await StartCleanupWatchdogAsync(binaries, dataDirectory, directory);
        EmbeddedPostgresServer? server = null;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Best effort: the test host may be killed before this finishes; the watchdog then completes the clean-up.
            try
            {
                server?.StopAsync().GetAwaiter().GetResult();
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is EmbeddedPostgresException or IOException or UnauthorizedAccessException)
            {
            }
        };

        server = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = dataDirectory, BinDirectory = binaries.Directory, Database = "postgres", Durable = false },
            NullLogger.Instance);
        return server.ConnectionStringFor("postgres");
    }

    /// <summary>
    /// The test host is often killed right after the last test, before ProcessExit handlers finish. A detached shell
    /// outlives it, waits for it to go, then stops the server and removes the directory.
    /// </summary>
    private static async Task StartCleanupWatchdogAsync(PostgresBinaries binaries, string dataDirectory, string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var asServerUser = PostgresOsUser.IsRequired ? $"runuser -u {PostgresOsUser.Name} -- " : "";
        var script =
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
            $"if [ -f {Quote(Path.Combine(dataDirectory, "postmaster.pid"))} ]; then " +
            $"{asServerUser}{Quote(binaries.PgCtl)} stop -m immediate -D {Quote(dataDirectory)}; fi; " +
            $"rm -rf {Quote(directory)}";
        await ProcessRunner.RunCheckedAsync("sh", ["-c", $"( {script} ) </dev/null >/dev/null 2>&1 &"]);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
