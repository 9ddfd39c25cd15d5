using System.Runtime.CompilerServices;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>Service hosts in tests log warnings and errors only, so a test run's output stays readable.</summary>
internal static class QuietLogs
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("Serilog__MinimumLevel__Default") is null)
            Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Default", "Warning");
    }
}
