using System.Diagnostics;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// The service (or one of its operations commands) as its own OS process: <c>dotnet Ocpi.Emsp.dll [args]</c>, started in
/// the dll's folder (where its appsettings.json is), configured by environment variables, output kept in a log file.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pump;

    private ServiceProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
        _pump = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string LogFile { get; private init; } = "";

    public static ServiceProcess Start(string serviceDll, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args, string logFile)
    {
        var start = new ProcessStartInfo(DotnetHost(), [serviceDll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(serviceDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {serviceDll}");
        process.StandardInput.Close();
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        return new ServiceProcess(process, log) { LogFile = logFile };
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

        var elapsed = watch.Elapsed;
        await _pump;
        return (_process.ExitCode, elapsed);
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

        await _pump;
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
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_log) _log.WriteLine(line);
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
        await _log.DisposeAsync();
        _process.Dispose();
    }
}
