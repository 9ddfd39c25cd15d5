using System.Runtime.CompilerServices;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// Log configuration of every service host started in this process (environment variables, read by every host's
/// configuration): Debug and above, the level an operator can turn on, written to <see cref="TestRunLogs"/> so that a
/// test can look for secrets in them; and every secret presented to any host recorded (<see cref="SecretsInUse"/>).
/// Service processes started by the tests do not inherit these (ServiceProcess drops Serilog__ variables).
/// </summary>
internal static class TestHostLogs
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("Serilog__MinimumLevel__Default") is null)
            Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Default", "Debug");
        Environment.SetEnvironmentVariable("Serilog__Using__TestRunLogs", typeof(TestRunLogs).Assembly.GetName().Name);
        Environment.SetEnvironmentVariable("Serilog__WriteTo__TestRunLogs__Name", nameof(TestRunLogsSinkExtensions.TestRunLogs));
        SecretsInUse.Start();
    }
}
