using System.Net;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>An eMSP that reaches its database through a link the test cuts, with a short outage grace for readiness.</summary>
public sealed class ProbesOutageFixture : EmspFixture
{
    public CuttableDatabaseLink Link { get; private set; } = null!;

    protected override void Configure(IWebHostBuilder builder)
    {
        Link = CuttableDatabaseLink.To(ConnectionString);
        builder.UseSetting("ConnectionStrings:Marten", Link.ConnectionStringThrough(ConnectionString));
        builder.UseSetting("Emsp:Health:DatabaseOutageGrace", "00:00:02");
        builder.UseSetting("Emsp:Health:DatabaseCheckTimeout", "00:00:05");
    }

    public override async Task DisposeAsync()
    {
        Link.Restore();
        await base.DisposeAsync();
        await Link.DisposeAsync();
    }
}

/// <summary>
/// Readiness tolerates a database outage shorter than the grace (authorization answers from memory meanwhile), fails
/// after it, and recovers with the database; liveness never looks at the database.
/// </summary>
public sealed class ProbesThroughDatabaseOutageTests(ProbesOutageFixture emsp) : IClassFixture<ProbesOutageFixture>
{
    [Fact]
    public async Task readiness_stays_200_within_the_outage_grace_turns_503_after_it_and_recovers_while_liveness_stays_200()
    {
        var client = emsp.Host.Server.CreateClient();
        (await client.GetAsync(HealthChecks.StartupPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await client.GetAsync(HealthChecks.ReadyPath);
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await before.Content.ReadAsStringAsync()).ShouldBe("Healthy");

        emsp.Link.Cut(refuse: true);
        try
        {
            // The first probe that fails starts the outage: it is within the grace whatever the machine's speed.
            var within = await client.GetAsync(HealthChecks.ReadyPath);
            within.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await within.Content.ReadAsStringAsync()).ShouldBe("Degraded");
            (await client.GetAsync(HealthChecks.LivePath)).StatusCode.ShouldBe(HttpStatusCode.OK);

            await Eventually.HoldsAsync(async () =>
                (await client.GetAsync(HealthChecks.ReadyPath)).StatusCode == HttpStatusCode.ServiceUnavailable,
                "readiness to fail once the outage outlasts the grace");
            (await client.GetAsync(HealthChecks.LivePath)).StatusCode.ShouldBe(HttpStatusCode.OK);
            // Started once, a node stays started: the startup probe does not restart it during an outage.
            (await client.GetAsync(HealthChecks.StartupPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            emsp.Link.Restore();
        }

        await Eventually.HoldsAsync(async () =>
        {
            var response = await client.GetAsync(HealthChecks.ReadyPath);
            return response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == "Healthy";
        }, "readiness back to healthy with the database", TimeSpan.FromMinutes(1));
    }
}
