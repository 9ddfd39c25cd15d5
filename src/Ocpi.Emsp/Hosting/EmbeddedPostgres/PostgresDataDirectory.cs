using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>
/// A cluster's data directory and its neighbours: <c>&lt;dir&gt;.password</c> (the superuser's password, mode 600) and
/// <c>&lt;dir&gt;.log</c> (the server log).
/// </summary>
internal sealed class PostgresDataDirectory(string path, PostgresBinaries binaries, ILogger logger)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar);

    public string PasswordFile => Path + ".password";

    public string LogFile => Path + ".log";

    public bool IsInitialised => File.Exists(System.IO.Path.Combine(Path, "PG_VERSION"));

    private string PidFile => System.IO.Path.Combine(Path, "postmaster.pid");

    /// <summary>Creates the directory (and its parents) and the log file, owned by whoever runs the server.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await PostgresOsUser.EnsureExistsAsync(cancellationToken);
        var parent = System.IO.Path.GetDirectoryName(Path)
            ?? throw new EmbeddedPostgresException($"The data directory {Path} must not be a file-system root.");
        CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var created = !Directory.Exists(Path);
        CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (created || !Directory.EnumerateFileSystemEntries(Path).Any())
        {
            await PostgresOsUser.GiveOwnershipAsync(Path, cancellationToken);
        }

        if (!File.Exists(LogFile))
        {
            await File.WriteAllTextAsync(LogFile, "", cancellationToken);
        }

        await PostgresOsUser.GiveOwnershipAsync(LogFile, cancellationToken);
        await PostgresOsUser.EnsureCanWriteAsync(Path, cancellationToken);
    }

    /// <summary>Runs initdb with a new random superuser password, which is kept in <see cref="PasswordFile"/>.</summary>
    public async Task<string> InitialiseAsync(bool durable, CancellationToken cancellationToken)
    {
        logger.LogInformation("Initialising a new PostgreSQL cluster in {DataDirectory}", Path);
        var password = NewPassword();
        var passwordInput = System.IO.Path.GetTempFileName(); // Mode 600; handed to the server user for initdb only.
        try
        {
            await File.WriteAllTextAsync(passwordInput, password + "\n", cancellationToken);
            await PostgresOsUser.GiveOwnershipAsync(passwordInput, cancellationToken);
            string[] common =
            [
                "-D", Path, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                "--pwfile=" + passwordInput, "-E", "UTF8", .. durable ? Array.Empty<string>() : ["--no-sync"],
            ];
            var withLocale = await ProcessRunner.RunAsync(binaries.InitDb, [.. common, "--locale=C.UTF-8"], asServerUser: true, cancellationToken: cancellationToken);
            if (!withLocale.Succeeded)
            {
                logger.LogInformation("initdb with --locale=C.UTF-8 failed; retrying with --no-locale. {Failure}", withLocale.Describe());
                EmptyDirectory();
                await ProcessRunner.RunCheckedAsync(binaries.InitDb, [.. common, "--no-locale"], asServerUser: true, cancellationToken: cancellationToken);
            }
        }
        finally
        {
            File.Delete(passwordInput);
        }

        await SavePasswordAsync(password, cancellationToken);
        return password;
    }

    /// <summary>The saved superuser password, or null when the password file is missing or empty.</summary>
    public string? ReadPassword()
    {
        if (!File.Exists(PasswordFile))
        {
            return null;
        }

        var password = File.ReadAllText(PasswordFile).Trim();
        return password.Length > 0 ? password : null;
    }

    public static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public async Task SavePasswordAsync(string password, CancellationToken cancellationToken)
    {
        var temporary = PasswordFile + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
        }

        File.Move(temporary, PasswordFile, overwrite: true);
    }

    /// <summary>
    /// The port of a server already running on this directory, or null. A postmaster.pid left by a server that is no
    /// longer running is removed.
    /// </summary>
    public async Task<int?> RunningServerPortAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(PidFile))
        {
            return null;
        }

        var status = await ProcessRunner.RunAsync(binaries.PgCtl, ["status", "-D", Path], asServerUser: true, cancellationToken: cancellationToken);
        if (!status.Succeeded)
        {
            logger.LogInformation("Removing the stale {PidFile} (no server runs on {DataDirectory})", PidFile, Path);
            File.Delete(PidFile);
            return null;
        }

        var lines = await File.ReadAllLinesAsync(PidFile, cancellationToken);
        return lines.Length >= 4 && int.TryParse(lines[3].Trim(), out var port)
            ? port
            : throw new EmbeddedPostgresException($"A server runs on {Path}, but its port could not be read from {PidFile}.");
    }

    public async Task<bool> IsServerRunningAsync(CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(binaries.PgCtl, ["status", "-D", Path], asServerUser: true, cancellationToken: cancellationToken)).Succeeded;

    /// <summary>The last lines of the server log, for error messages.</summary>
    public string LogTail(int lineCount = 40)
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return $"Last lines of {LogFile}:{Environment.NewLine}" + string.Join(Environment.NewLine, lines.TakeLast(lineCount));
        }
        catch (IOException e)
        {
            return $"The server log {LogFile} could not be read: {e.Message}";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"The server log {LogFile} could not be read: {e.Message}";
        }
    }

    private static void CreateDirectory(string directory, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, mode);
        }
    }

    private void EmptyDirectory()
    {
        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }
}
