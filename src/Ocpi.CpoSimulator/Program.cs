using System.Runtime.InteropServices;
using Ocpi.CpoSimulator.Tool;

namespace Ocpi.CpoSimulator;

/// <summary>The command-line entry point: see <see cref="SimulatorCommandLine.Usage"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl+C, and a stop from a service manager or container runtime, end the run cleanly (the server is disposed).
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await SimulatorProgram.RunAsync(args, Console.Error, ConsoleProgress.ForConsole, null, stop.Token);
    }
}
