using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// Adds the <see cref="TestRunLogs"/> sink to every host built in this process (through the host builder's own
/// diagnostic event, the one WebApplicationFactory uses, so service processes started by tests are not affected), and
/// records, into <see cref="TestRunLogs"/>, every credentials token and internal API key that any host in this process
/// (service hosts and simulated CPOs alike) accepted: whatever a test does, each token issued during the run is seen
/// here when it is used. Listens to ASP.NET Core's process-wide diagnostic events, so no host needs to opt in.
/// </summary>
internal sealed class SecretsInUse : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private const string RequestStop = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";
    private static readonly SecretsInUse Instance = new();
    private static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) DiagnosticListener.AllListeners.Subscribe(Instance);
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.Extensions.Hosting") listener.Subscribe(this);
        if (listener.Name == "Microsoft.AspNetCore") listener.Subscribe(this, (name, _, _) => name.StartsWith("Microsoft.AspNetCore.Hosting.HttpRequestIn", StringComparison.Ordinal));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value is { Key: "HostBuilding", Value: IHostBuilder host })
        {
            host.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Serilog:Using:TestRunLogs"] = typeof(TestRunLogs).Assembly.GetName().Name,
                ["Serilog:WriteTo:TestRunLogs:Name"] = nameof(TestRunLogsSinkExtensions.TestRunLogs),
            }));
            return;
        }
        // A refused token is no secret of ours; an accepted one is (token A, B, C, the API key).
        if (value.Key != RequestStop || value.Value is not HttpContext { Response.StatusCode: not (401 or 403) } context) return;
        TestRunLogs.RecordSecret(context.Request.Headers["X-Api-Key"].ToString());
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Token ", StringComparison.Ordinal)) return;
        var token = authorization["Token ".Length..].Trim();
        TestRunLogs.RecordSecret(token);
        TestRunLogs.RecordSecret(Decoded(token));
    }

    private static string? Decoded(string token)
    {
        var bytes = new byte[token.Length];
        return Convert.TryFromBase64String(token, bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length) : null;
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
