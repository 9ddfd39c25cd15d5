using System.Net;
using System.Text;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Sessions;

namespace Ocpi.Emsp.Tests.Telemetry;

/// <summary>Emsp:Telemetry:OtlpEndpoint set: traces and metrics reach the collector (the fixture's stand-in).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests(TelemetryFixture emsp)
{
    [Fact]
    public async Task with_an_otlp_endpoint_the_push_reaches_the_collector_as_spans_and_as_the_request_metric()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var id = "X" + Guid.NewGuid().ToString("N")[..8];
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = id;

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionPushTests.SessionUrl(cpo, id), cpo.TokenForEmsp, rawBody: session.ToJsonString());
        put.HttpStatus.ShouldBe(HttpStatusCode.Created);

        // Protobuf keeps strings as UTF-8: the span's path and the metric's name are found in the bodies as sent.
        static bool Holds((string Signal, string ContentType, byte[] Body) export, string signal, string text) =>
            export.Signal == signal && export.ContentType == "application/x-protobuf" && Encoding.UTF8.GetString(export.Body).Contains(text);
        await Eventually.HoldsAsync(() => emsp.Exported.Any(e => Holds(e, "traces", $"/sessions/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}")),
            "the PUT's server span exported");
        await Eventually.HoldsAsync(() => emsp.Exported.Any(e => Holds(e, "metrics", "emsp.pushes.stored")),
            "the push counter exported");
        emsp.Exported.Any(e => Holds(e, "metrics", "emsp.ocpi.request.duration")).ShouldBeTrue();
    }
}
