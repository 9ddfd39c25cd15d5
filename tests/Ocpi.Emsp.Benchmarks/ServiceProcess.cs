using System.Diagnostics;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// The service (or one of its operations commands) as its own OS process: <c>dotnet Ocpi.Emsp.dll [args]</c>, started in
/// the dll's folder (where its appsettings.json is), configured by environment variables. Its standard output and error
/// go straight to a log file (a shell redirects them, then execs dotnet in its place): the service writes its logs as
/// shipped, and no pipe through this program adds CPU to the load generator's account or back-pressure to the service.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const string Launcher = "exec \"$0\" \"$@\" >>\"$EMSP_BENCH_LOG\" 2>&1 </dev/null";
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string LogFile { get; private init; } = "";

    public static ServiceProcess Start(string serviceDll, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", Launcher, DotnetHost(), serviceDll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(serviceDll)!,
            UseShellExecute = false,
        };
        // The log configuration is the service's own (appsettings.json) plus what the caller passes, never what this
        // process inherited (a test host quiets its own logs with Serilog__MinimumLevel__Default=Warning).
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("Serilog__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(inherited);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["EMSP_BENCH_LOG"] = Path.GetFullPath(logFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {serviceDll}");
        return new ServiceProcess(process) { LogFile = logFile };
    }

    /// <summary>Runs a command to its end; returns its exit code and wall time.</summary>
    public async Task<(int ExitCode, TimeSpan Elapsed)> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The command (pid {Pid}) did not finish within {timeout}; see {LogFile}");
        }

        return (_process.ExitCode, watch.Elapsed);
    }

    /// <summary>SIGTERM (graceful host shutdown), then a kill if it has not stopped within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            ProcStatus.Terminate(_process.Id);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }

    /// <summary>SIGKILL, as a crash or <c>kill -9</c> would: no shutdown code runs, the kernel closes the sockets.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            // The log holds a line per request: read its end only.
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Max(0, stream.Length - 256 * 1024), SeekOrigin.Begin);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The dotnet host: the one running us when we were started as <c>dotnet x.dll</c>, else from PATH or DOTNET_ROOT.</summary>
    public static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        var candidates = new List<string>();
        foreach (var variable in new[] { "DOTNET_HOST_PATH" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path) candidates.Add(path);
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(directory, "dotnet"));
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root) candidates.Add(Path.Combine(root, "dotnet"));
        candidates.Add("/usr/share/dotnet/dotnet");
        candidates.Add("/usr/lib/dotnet/dotnet");
        return candidates.FirstOrDefault(File.Exists) ?? "dotnet";
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }
}
