using System.Diagnostics;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Benchmarks;

namespace Ocpi.Emsp.Tests.Audit;

/// <summary>The service's <c>events export</c> command as its own process: standard output and error kept apart.</summary>
public static class EventExportProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, params string[] args)
    {
        var dll = BenchEnvironment.ResolveServiceDll(null, BenchEnvironment.FindRepositoryRoot());
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"events export did not finish: {await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// The same event line: equal text, or equal but for a link one side shows as null (the chain may seal the event
    /// between two reads; a link once written never changes).
    /// </summary>
    public static bool SameEvent(string a, string b)
    {
        if (a == b) return true;
        var (x, y) = (JsonNode.Parse(a)!.AsObject(), JsonNode.Parse(b)!.AsObject());
        if (x["link"] is not null && y["link"] is not null) return false;
        x.Remove("link");
        y.Remove("link");
        return x.ToJsonString() == y.ToJsonString();
    }
}
