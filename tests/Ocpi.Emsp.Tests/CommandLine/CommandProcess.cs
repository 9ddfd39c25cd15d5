using System.Diagnostics;
using Ocpi.Emsp.Benchmarks;

namespace Ocpi.Emsp.Tests.CommandLine;

/// <summary>
/// One run of the built service with a command (<c>dotnet Ocpi.Emsp.dll ...</c>), as an operator types it, with
/// standard output and error captured apart (so redirected, as in a script). Without a connection string in
/// <paramref name="args"/> the command uses an embedded PostgreSQL server on a throw-away data directory.
/// </summary>
public sealed record CommandProcess(int ExitCode, string Output, string Errors)
{
    public static async Task<CommandProcess> RunAsync(string dataDirectory, params string[] args)
    {
        var dll = BenchEnvironment.ResolveServiceDll(null, BenchEnvironment.FindRepositoryRoot());
        var start = new ProcessStartInfo(ServiceProcess.DotnetHost(), [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in start.Environment.Keys
                     .Where(k => k.StartsWith("Serilog__", StringComparison.OrdinalIgnoreCase) || k is "NO_COLOR" or "TERM")
                     .ToList())
            start.Environment.Remove(inherited);
        start.Environment["Emsp__EmbeddedDatabase__DataDirectory"] = dataDirectory;
        start.Environment["Emsp__EmbeddedDatabase__Durable"] = "false";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet Ocpi.Emsp.dll {string.Join(' ', args)} did not finish within 3 minutes");
        }

        return new CommandProcess(process.ExitCode, await output, await errors);
    }

    /// <summary>True while a PostgreSQL process runs on <paramref name="dataDirectory"/> (its command line names it).</summary>
    public static bool PostgresRunsOn(string dataDirectory)
    {
        var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", $"-D {dataDirectory}"]) { RedirectStandardOutput = true })!;
        pgrep.WaitForExit();
        return pgrep.ExitCode == 0 || File.Exists(Path.Combine(dataDirectory, "postmaster.pid"));
    }

    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}
