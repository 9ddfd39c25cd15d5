using System.Net;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Telemetry;

public sealed class TelemetryOffFixture : EmspFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Emsp:Telemetry:Enabled", "false");
}

/// <summary>Emsp:Telemetry:Enabled=false: no scrape endpoint, and the service works as before.</summary>
public sealed class TelemetryOffTests(TelemetryOffFixture emsp) : IClassFixture<TelemetryOffFixture>
{
    [Fact]
    public async Task with_telemetry_off_there_is_no_metrics_endpoint_and_pushes_are_still_stored()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = "OFF1";
        var put = await cpo.CallEmspAsync(HttpMethod.Put, Sessions.SessionPushTests.SessionUrl(cpo, "OFF1"), cpo.TokenForEmsp,
            rawBody: session.ToJsonString());
        put.HttpStatus.ShouldBe(HttpStatusCode.Created);

        var metrics = await emsp.Host.Server.CreateClient().GetAsync("/metrics");

        metrics.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await metrics.Content.ReadAsStringAsync()).ShouldNotContain("emsp_");
    }
}
