using System.Diagnostics;
using System.Net;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Sessions;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Telemetry;

/// <summary>Spans as an OTLP collector would receive them: a push with its SQL, a token push through Wolverine.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests(TelemetryFixture emsp)
{
    [Fact]
    public async Task an_ocpi_put_is_a_server_span_whose_group_commit_span_holds_the_sql_that_stored_it()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var id = "T" + Guid.NewGuid().ToString("N")[..8];
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = id;

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionPushTests.SessionUrl(cpo, id), cpo.TokenForEmsp, rawBody: session.ToJsonString());
        put.HttpStatus.ShouldBe(HttpStatusCode.Created);

        Activity? server = null, commit = null;
        await Eventually.HoldsAsync(() =>
        {
            var spans = emsp.Spans.Snapshot();
            server = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is string path && path.EndsWith($"/{id}")
                && s.GetTagItem("http.request.method") as string == "PUT");
            commit = server is null ? null : spans.FirstOrDefault(s => s.Source.Name == "Ocpi.Emsp" && s.ParentSpanId == server.SpanId);
            return commit is not null;
        }, "the server span and its group commit span");

        server!.GetTagItem("http.route").ShouldBe("/ocpi/2.3.0/sessions/{country_code}/{party_id}/{session_id}");
        commit!.DisplayName.ShouldBe("group commit");
        commit.Links.ShouldContain(l => l.Context.SpanId == server.SpanId);
        var sql = emsp.Spans.Snapshot().Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId).ToList();
        sql.ShouldNotBeEmpty();
        sql.ShouldAllBe(s => s.TraceId == server.TraceId && s.Kind == ActivityKind.Client);
    }

    [Fact]
    public async Task a_token_push_is_a_wolverine_span_around_the_call_to_the_cpo()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await emsp.WaitUntilInSyncAsync(partnerId);
        var uid = "W" + Guid.NewGuid().ToString("N")[..10];

        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Spans are exported when they end: the handler's span after the call it made.
        var ancestors = new List<Activity>();
        await Eventually.HoldsAsync(() =>
        {
            var spans = emsp.Spans.Snapshot();
            var call = spans.FirstOrDefault(s => s.Kind == ActivityKind.Client && s.Source.Name.StartsWith("System.Net.Http")
                && s.GetTagItem("url.full") is string url && url.Contains($"/tokens/NL/EMS/{uid}"));
            if (call is null) return false;
            var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            ancestors.Clear();
            for (var parent = call.ParentSpanId; byId.TryGetValue(parent, out var span); parent = span.ParentSpanId) ancestors.Add(span);
            return ancestors.Any(s => s.Source.Name == "Wolverine");
        }, "the client span of the token push under a Wolverine span");

        ancestors.First(s => s.Source.Name == "Wolverine").Kind.ShouldBeOneOf(ActivityKind.Consumer, ActivityKind.Internal);
    }
}
