using Alba;
using Microsoft.AspNetCore.Hosting;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// A service host on a database of the test's own, started again on the same database to prove what survives a restart
/// (durable outbox, scheduled messages): the fixture's settings, a short timeout grace, and an internal API client.
/// </summary>
public static class RestartableHost
{
    public static Task<IAlbaHost> StartAsync(string connectionString) => AlbaHost.For<Program>(b =>
    {
        b.UseSetting("ConnectionStrings:Marten", connectionString);
        b.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
        b.UseSetting("Emsp:ApiKey", EmspFixture.ApiKey);
        b.UseSetting("Emsp:Commands:TimeoutGrace", "00:00:01");
    });

    public static HttpClient Api(this IAlbaHost host)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", EmspFixture.ApiKey);
        return client;
    }
}
