using System.Diagnostics;

namespace Ocpi.Emsp.Benchmarks.Load;

/// <summary>Runs a C load generator (wrk, pgbench) to its end and returns what it printed.</summary>
public static class ExternalProgram
{
    public sealed record Output(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>
    /// Starts <paramref name="program"/>, reads its output and waits for it; killed after <paramref name="timeout"/>.
    /// Once this returns the process has been reaped, so its CPU time is in this process's children's times
    /// (<see cref="CpuMeter.ChildrenTicks"/>).
    /// </summary>
    public static async Task<Output> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout}: {await stderr}");
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The first executable called <paramref name="name"/> in <paramref name="directories"/>, then on PATH.</summary>
    public static string? Find(string name, params IEnumerable<string> directories)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Concat(path).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
