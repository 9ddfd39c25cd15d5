using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries on a local data directory, listening on 127.0.0.1 only.
/// The data outlives the process; a server already running on the same directory is reused.
/// </summary>
public sealed class EmbeddedPostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly PostgresBinaries _binaries;
    private readonly PostgresDataDirectory _directory;
    private readonly ILogger _logger;
    private readonly string _password;
    private readonly string _database;
    private readonly ConcurrentDictionary<string, byte> _handedOut = new();
    private readonly SemaphoreSlim _stopLock = new(1, 1);
    private bool _stopped;

    private EmbeddedPostgresServer(PostgresBinaries binaries, PostgresDataDirectory directory, ILogger logger, string password, string database, int port)
    {
        _binaries = binaries;
        _directory = directory;
        _logger = logger;
        _password = password;
        _database = database;
        Port = port;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>True when this process started the server; false when it reused one already running (which it leaves running).</summary>
    public bool StartedHere { get; private init; }

    /// <summary>The cluster's data directory (absolute).</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>A connection string for the configured database, as the superuser over TCP.</summary>
    public string ConnectionString => ConnectionStringFor(_database);

    public string ConnectionStringFor(string database)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Password = _password,
            Database = database,
        }.ConnectionString;
        _handedOut.TryAdd(connectionString, 0);
        return connectionString;
    }

    /// <summary>Creates database <paramref name="name"/> unless it exists.</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        PostgresDatabases.CreateIfMissingAsync(ConnectionStringFor("postgres"), name, cancellationToken);

    /// <summary>
    /// Initialises the data directory when it is new, starts the server (or reuses one already running on the directory),
    /// waits until it accepts connections and creates <see cref="EmbeddedPostgresOptions.Database"/> when missing.
    /// </summary>
    public static async Task<EmbeddedPostgresServer> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var directory = new PostgresDataDirectory(options.DataDirectory ?? EmbeddedPostgresOptions.DefaultDataDirectory(), binaries, logger);
        await directory.PrepareAsync(cancellationToken);

        var password = directory.IsInitialised ? directory.ReadPassword() : await directory.InitialiseAsync(options.Durable, cancellationToken);
        var passwordIsNew = password is null;
        password ??= PostgresDataDirectory.NewPassword();

        var port = await directory.RunningServerPortAsync(cancellationToken);
        var startedHere = port is null;
        if (port is { } running)
        {
            logger.LogInformation("Reusing the PostgreSQL server already running on {DataDirectory} (port {Port})", directory.Path, running);
            if (options.Port is { } wanted && wanted != running)
            {
                logger.LogWarning("The configured port {ConfiguredPort} is ignored: the running server listens on {Port}", wanted, running);
            }
        }
        else
        {
            port = await PostgresServerLauncher.StartAsync(binaries, directory, options, logger, cancellationToken);
        }

        var server = new EmbeddedPostgresServer(binaries, directory, logger, password, options.Database, port.Value) { StartedHere = startedHere };
        if (passwordIsNew)
        {
            await server.ResetPasswordOverUnixSocketAsync(cancellationToken);
        }

        await server.WaitUntilReadyAsync(server.ConnectionStringFor("postgres"), cancellationToken);
        await server.CreateDatabaseAsync(options.Database, cancellationToken);
        logger.LogInformation(
            "Embedded PostgreSQL ready on 127.0.0.1:{Port}, database {Database}; data in {DataDirectory}, log in {LogFile}, password in {PasswordFile}",
            server.Port, options.Database, directory.Path, directory.LogFile, directory.PasswordFile);
        return server;
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>). Calling it again does nothing.</summary>
    public async Task StopAsync()
    {
        await _stopLock.WaitAsync();
        try
        {
            if (_stopped)
            {
                return;
            }

            foreach (var connectionString in _handedOut.Keys)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }

            var result = await ProcessRunner.RunAsync(_binaries.PgCtl, ["stop", "-w", "-m", "fast", "-D", DataDirectory], asServerUser: true);
            if (!result.Succeeded && await _directory.IsServerRunningAsync(CancellationToken.None))
            {
                throw new EmbeddedPostgresException(result.Describe());
            }

            _stopped = true;
            _logger.LogInformation("Embedded PostgreSQL on {DataDirectory} stopped", DataDirectory);
        }
        finally
        {
            _stopLock.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The password file was lost: set a new password over the Unix socket, where local connections are trusted.</summary>
    private async Task ResetPasswordOverUnixSocketAsync(CancellationToken cancellationToken)
    {
        _logger.LogWarning("No password file {PasswordFile}: setting a new superuser password", _directory.PasswordFile);
        var overSocket = new NpgsqlConnectionStringBuilder { Host = DataDirectory, Port = Port, Username = Superuser, Database = "postgres", Pooling = false };
        await WaitUntilReadyAsync(overSocket.ConnectionString, cancellationToken);
        await using (var connection = new NpgsqlConnection(overSocket.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var alter = new NpgsqlCommand($"alter role {Superuser} password '{_password}'", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        await _directory.SavePasswordAsync(_password, cancellationToken);
    }

    private async Task WaitUntilReadyAsync(string connectionString, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
            {
                throw new EmbeddedPostgresException(
                    $"The server on {DataDirectory} rejected the password in {_directory.PasswordFile}. Delete that file to have a new " +
                    "password set, or delete the data directory to start afresh.", e);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException && DateTime.UtcNow < deadline)
            {
                _logger.LogDebug("PostgreSQL on port {Port} not ready yet: {Reason}", Port, e.Message);
                await Task.Delay(200, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL on 127.0.0.1:{Port} (data in {DataDirectory}) did not accept connections within " +
                    $"{ReadyTimeout.TotalSeconds:0} s: {e.Message}{Environment.NewLine}{_directory.LogTail()}", e);
            }
        }
    }
}
