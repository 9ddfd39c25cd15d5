using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>Where the repository and the service build are, and what machine this is.</summary>
public static class BenchEnvironment
{
    public const string SolutionFile = "Ocpi.Emsp.sln";

    /// <summary>The folder holding Ocpi.Emsp.sln, searched upwards from the program and from the current directory.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile))) return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The configuration this program was built in (Release under <c>dotnet run -c Release</c>).</summary>
    public static string OwnConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>
    /// The service to run: --service-dll, else src/Ocpi.Emsp/bin/&lt;our configuration&gt;/net10.0/Ocpi.Emsp.dll (built with us
    /// through the project reference), else the other configuration's build.
    /// </summary>
    public static string ResolveServiceDll(string? configured, string? repositoryRoot)
    {
        if (configured is not null)
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(full) ? full : throw new FileNotFoundException($"--service-dll {full} does not exist");
        }

        if (repositoryRoot is null) throw new InvalidOperationException($"Cannot find {SolutionFile} above {AppContext.BaseDirectory}; pass --service-dll");
        var framework = $"net{Environment.Version.Major}.0";
        var candidates = new[] { OwnConfiguration, OwnConfiguration == "Release" ? "Debug" : "Release" }
            .Select(c => Path.Combine(repositoryRoot, "src", "Ocpi.Emsp", "bin", c, framework, "Ocpi.Emsp.dll"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The service is not built; run: dotnet build -c Release src/Ocpi.Emsp. Looked for " + string.Join(", ", candidates));
    }

    public static string ConfigurationOf(string serviceDll)
    {
        var parts = serviceDll.Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "unknown";
    }

    public static MachineInfo Machine()
    {
        var info = new MachineInfo
        {
            ProcessorCount = Environment.ProcessorCount,
            DotnetVersion = RuntimeInformation.FrameworkDescription,
            Os = RuntimeInformation.OSDescription,
        };
        try
        {
            info.CpuModel = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null)
                info.MemoryTotalGiB = Math.Round(long.Parse(total.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0, 1);
            var release = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (release is not null) info.Os = release["PRETTY_NAME=".Length..].Trim('"');
            info.Kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return info;
    }

    /// <summary>(short commit, work tree has changes) from git, when git and the repository are there.</summary>
    public static (string? Commit, bool? Dirty) Git(string? repositoryRoot)
    {
        if (repositoryRoot is null) return (null, null);
        var commit = RunGit(repositoryRoot, "rev-parse", "--short", "HEAD")?.Trim();
        var status = RunGit(repositoryRoot, "status", "--porcelain", "--untracked-files=no");
        return (string.IsNullOrEmpty(commit) ? null : commit, status is null ? null : status.Trim().Length > 0);
    }

    private static string? RunGit(string directory, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git", args)
            {
                WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A new directory the <c>postgres</c> OS user can enter (mode 755), under /tmp when root.</summary>
    public static string CreateScratchDirectory() => global::Ocpi.Emsp.Hosting.EmbeddedPostgres.ScratchDirectories.Create("bench");

    public static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
