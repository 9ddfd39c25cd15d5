using System.ComponentModel;
using System.Diagnostics;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>A directory holding the PostgreSQL server programs <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
public sealed class PostgresBinaries
{
    private static readonly string ExecutableSuffix = OperatingSystem.IsWindows() ? ".exe" : "";
    private static readonly string[] RequiredPrograms = ["initdb", "pg_ctl", "postgres"];

    private PostgresBinaries(string directory) => Directory = directory;

    public string Directory { get; }

    public string InitDb => Program("initdb");

    public string PgCtl => Program("pg_ctl");

    public string Postgres => Program("postgres");

    /// <summary>
    /// Looks in <paramref name="configuredDirectory"/>, then each directory on PATH, then <c>pg_config --bindir</c>,
    /// then <c>/usr/lib/postgresql/*/bin</c> (highest major version first).
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">None of them holds all three programs.</exception>
    public static PostgresBinaries Locate(string? configuredDirectory = null) =>
        Locate(configuredDirectory, DefaultSearchDirectories());

    /// <summary>
    /// Looks in <paramref name="configuredDirectory"/> (when set), then in <paramref name="searchDirectories"/>, in order;
    /// the sequence is enumerated lazily, so costly candidates (such as running pg_config) come last and only when needed.
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">None of them holds all three programs.</exception>
    public static PostgresBinaries Locate(string? configuredDirectory, IEnumerable<string> searchDirectories)
    {
        var searched = new List<string>();
        var candidates = string.IsNullOrWhiteSpace(configuredDirectory)
            ? searchDirectories
            : searchDirectories.Prepend(configuredDirectory);
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrWhiteSpace(candidate) || searched.Contains(candidate))
            {
                continue;
            }

            searched.Add(candidate);
            if (HoldsAllPrograms(candidate))
            {
                return new PostgresBinaries(Path.GetFullPath(ResolveSymlinkedDirectory(candidate)));
            }
        }

        throw new PostgresBinariesNotFoundException(searched);
    }

    /// <summary>Each directory on PATH, then the output of <c>pg_config --bindir</c>, then <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public static IEnumerable<string> DefaultSearchDirectories()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return directory;
        }

        if (PgConfigBinDirectory() is { } fromPgConfig)
        {
            yield return fromPgConfig;
        }

        foreach (var directory in PackagedVersions("/usr/lib/postgresql"))
        {
            yield return directory;
        }
    }

    private string Program(string name) => Path.Combine(Directory, name + ExecutableSuffix);

    private static bool HoldsAllPrograms(string directory) =>
        RequiredPrograms.All(program => File.Exists(Path.Combine(directory, program + ExecutableSuffix)));

    /// <summary>
    /// A directory of symlinks (e.g. /usr/local/bin) is replaced by the directory the links point into, when that one holds
    /// all three programs too, so that the programs find each other and their share/lib directories.
    /// </summary>
    private static string ResolveSymlinkedDirectory(string directory)
    {
        try
        {
            var target = File.ResolveLinkTarget(Path.Combine(directory, "initdb" + ExecutableSuffix), returnFinalTarget: true);
            var targetDirectory = target is null ? null : Path.GetDirectoryName(target.FullName);
            return targetDirectory is not null && HoldsAllPrograms(targetDirectory) ? targetDirectory : directory;
        }
        catch (IOException)
        {
            return directory;
        }
    }

    private static string? PgConfigBinDirectory()
    {
        try
        {
            var startInfo = new ProcessStartInfo("pg_config", "--bindir")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            var directory = output.GetAwaiter().GetResult().Trim();
            return process.ExitCode == 0 && directory.Length > 0 ? directory : null;
        }
        catch (Win32Exception)
        {
            return null; // No pg_config on PATH.
        }
    }

    private static IEnumerable<string> PackagedVersions(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(root)
            .Select(directory => (Directory: directory, Version: decimal.TryParse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
            .OrderByDescending(entry => entry.Version)
            .ThenByDescending(entry => entry.Directory, StringComparer.Ordinal)
            .Select(entry => Path.Combine(entry.Directory, "bin"));
    }
}
