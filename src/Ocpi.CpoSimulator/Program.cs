using Ocpi.CpoSimulator.Tool;

namespace Ocpi.CpoSimulator;

/// <summary>The command-line entry point: see <see cref="SimulatorCommandLine.Usage"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return await SimulatorProgram.RunAsync(args, Console.Error, ConsoleProgress.ForConsole, null, stop.Token);
    }
}
