using System.Runtime.CompilerServices;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// Log level of every service host started by this test assembly: Debug, the most an operator turns on (the framework
/// namespaces stay at the service's own floor). Their events also go to <see cref="TestRunLogs"/> (added to each host as
/// it is built, see <see cref="SecretsInUse"/>), where a test looks for secrets.
/// </summary>
internal static class TestHostLogs
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("Serilog__MinimumLevel__Default") is null)
            Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Default", "Debug");
        SecretsInUse.Start();
    }
}
