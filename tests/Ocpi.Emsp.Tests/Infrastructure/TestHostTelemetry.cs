using System.Runtime.CompilerServices;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// Telemetry is off in every service host of this test assembly unless a test turns it on (the telemetry tests'
/// host, through its own setting, which wins over the environment). Meters are process-wide by name: a host with
/// telemetry on would also count every other host's requests and pushes.
/// </summary>
internal static class TestHostTelemetry
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("Emsp__Telemetry__Enabled") is null)
            Environment.SetEnvironmentVariable("Emsp__Telemetry__Enabled", "false");
    }
}
