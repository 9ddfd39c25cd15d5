namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Ocpi.Emsp.Benchmarks [-- --quick | options]</c>: see <see cref="BenchmarkOptions.Usage"/>.
/// Exit code 0 when every section was measured without errors (targets missed or not), 1 when not, 2 on bad arguments.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        var options = BenchmarkOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var report = await Benchmark.RunAsync(options, Console.Out, cancel.Token);
            return report.Completed ? 0 : 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }
}
