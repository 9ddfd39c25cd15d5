using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Audit;

public sealed class AuditApiFixture : InternalApiFixture
{
    /// <summary>GET /api/audit/streams/{key}/events: the events of a stream (its key URL-encoded in one segment).</summary>
    public async Task<List<JsonElement>> StreamEventsAsync(string streamKey) =>
        [.. (await GetAsync($"/api/audit/streams/{Uri.EscapeDataString(streamKey)}/events")).EnumerateArray()];

    public Task<JsonElement> StateAsync(string streamKey, string query) =>
        GetAsync($"/api/audit/streams/{Uri.EscapeDataString(streamKey)}/state?{query}");

    public async Task<HttpStatusCode> StateStatusAsync(string streamKey, string query) =>
        (await InternalApi().GetAsync($"/api/audit/streams/{Uri.EscapeDataString(streamKey)}/state?{query}")).StatusCode;
}

/// <summary>One stream's audit trail and the object as we held it at an instant or a version.</summary>
public sealed class AuditStreamTests(AuditApiFixture emsp) : IClassFixture<AuditApiFixture>
{
    [Fact]
    public async Task a_location_at_its_put_shows_the_evse_before_the_patch_and_at_the_patch_after_it()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "L1", "2025-04-01T10:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Patch, $"{Push.Url(cpo, "locations", "L1")}/3256",
            new JsonObject { ["status"] = "CHARGING", ["last_updated"] = "2025-04-01T10:05:00Z" });
        var key = Push.Key("location", cpo, "L1");
        var events = await emsp.StreamEventsAsync(key);
        events.Count.ShouldBe(2);

        var atPut = await emsp.StateAsync(key, $"at={Uri.EscapeDataString(events[0].GetProperty("timestamp").GetString()!)}");
        var atPatch = await emsp.StateAsync(key, $"at={Uri.EscapeDataString(events[1].GetProperty("timestamp").GetString()!)}");

        atPut.GetProperty("stream").GetString().ShouldBe(key);
        atPut.GetProperty("version").GetInt64().ShouldBe(1);
        atPut.GetProperty("last_event").GetProperty("seq").GetInt64().ShouldBe(events[0].GetProperty("seq").GetInt64());
        atPut.GetProperty("last_event").GetProperty("type").GetString().ShouldBe(events[0].GetProperty("type").GetString());
        EvseStatus(atPut).ShouldBe("AVAILABLE");
        atPatch.GetProperty("version").GetInt64().ShouldBe(2);
        atPatch.GetProperty("last_event").GetProperty("type").GetString().ShouldBe(events[1].GetProperty("type").GetString());
        EvseStatus(atPatch).ShouldBe("CHARGING");
        // Now is after both: the state is the current view's Location.
        EvseStatus(await emsp.StateAsync(key, $"at={DateTimeOffset.UtcNow.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ}")).ShouldBe("CHARGING");
    }

    [Fact]
    public async Task a_tariff_before_its_delete_is_the_tariff_and_after_it_is_flagged_deleted()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T1", "2025-04-01T00:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T1"));
        var key = Push.Key("tariff", cpo, "T1");
        var events = await emsp.StreamEventsAsync(key);
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["tariff_put", "tariff_deleted"]);

        var before = await emsp.StateAsync(key, $"at={Uri.EscapeDataString(events[0].GetProperty("timestamp").GetString()!)}");
        var after = await emsp.StateAsync(key, $"at={Uri.EscapeDataString(events[1].GetProperty("timestamp").GetString()!)}");

        before.GetProperty("state").GetProperty("deleted").GetBoolean().ShouldBeFalse();
        before.GetProperty("state").GetProperty("tariff").GetProperty("id").GetString().ShouldBe("T1");
        after.GetProperty("state").GetProperty("deleted").GetBoolean().ShouldBeTrue();
        after.GetProperty("last_event").GetProperty("type").GetString().ShouldBe("tariff_deleted");
    }

    [Fact]
    public async Task a_version_is_the_fold_of_the_events_up_to_it_and_a_missing_version_is_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "S1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");
        await Push.SendAsync(cpo, HttpMethod.Patch, Push.Url(cpo, "sessions", "S1"),
            new JsonObject { ["kwh"] = 7.5, ["last_updated"] = "2025-04-01T10:30:00Z" });
        await Push.SendAsync(cpo, HttpMethod.Patch, Push.Url(cpo, "sessions", "S1"),
            new JsonObject { ["status"] = "COMPLETED", ["last_updated"] = "2025-04-01T11:00:00Z" });
        var key = Push.Key("session", cpo, "S1");

        var second = await emsp.StateAsync(key, "version=2");
        var third = await emsp.StateAsync(key, "version=3");

        second.GetProperty("version").GetInt64().ShouldBe(2);
        second.GetProperty("state").GetProperty("status").GetString().ShouldBe("ACTIVE");
        second.GetProperty("state").GetProperty("session").GetProperty("kwh").GetDouble().ShouldBe(7.5);
        third.GetProperty("state").GetProperty("status").GetString().ShouldBe("COMPLETED");
        (await emsp.StateStatusAsync(key, "version=4")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task before_the_stream_existed_the_state_is_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T9", "2025-04-01T00:00:00Z");
        var key = Push.Key("tariff", cpo, "T9");
        var first = (await emsp.StreamEventsAsync(key))[0].GetProperty("timestamp").GetString()!;
        var justBefore = DateTimeOffset.Parse(first).AddTicks(-10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");

        (await emsp.StateStatusAsync(key, $"at={justBefore}")).ShouldBe(HttpStatusCode.NotFound);
        (await emsp.StateStatusAsync(key, $"at={first}")).ShouldBe(HttpStatusCode.OK);
        (await emsp.StateStatusAsync("tariff:ZZ-NOP:NEVER", "version=1")).ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().GetAsync("/api/audit/streams/tariff%3AZZ-NOP%3ANEVER/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_streams_events_carry_the_partner_party_request_correlation_causation_receipt_time_and_source()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var put = await Push.SendAsync(cpo, HttpMethod.Put, Push.Url(cpo, "tariffs", "M1"), TariffBody(cpo, "M1"));

        var e = (await emsp.StreamEventsAsync(Push.Key("tariff", cpo, "M1"))).ShouldHaveSingleItem();

        e.EnumerateObject().Select(p => p.Name).ShouldBe(["seq", "stream", "version", "type", "timestamp", "metadata", "data", "link"]);
        var metadata = e.GetProperty("metadata");
        metadata.GetProperty("partner").GetString().ShouldBe(partnerId);
        metadata.GetProperty("ocpi_from").GetString().ShouldBe(cpo.Options.Party.ToString());
        metadata.GetProperty("request_id").GetString().ShouldBe(put.RequestId);
        metadata.GetProperty("causation_id").GetString().ShouldBe(put.RequestId);
        metadata.GetProperty("correlation_id").GetString().ShouldBe(put.CorrelationId);
        metadata.GetProperty("source").GetString().ShouldBe("ocpi");
        metadata.TryGetProperty("received_at", out _).ShouldBeTrue();
        e.GetProperty("data").GetProperty("tariff").GetProperty("id").GetString().ShouldBe("M1");
    }

    [Fact]
    public async Task a_stream_key_with_a_slash_percent_question_mark_and_hash_is_passed_url_encoded_in_one_segment()
    {
        // A CDR's id comes in the body: any printable ASCII but space, so its stream key may hold '/', '%', '?' and '#'.
        const string id = "CDR/1%?x#y";
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.CdrAsync(cpo, id, "2025-04-01T11:00:00Z");
        var key = Push.Key("cdr", cpo, id);

        var events = await emsp.StreamEventsAsync(key);
        var state = await emsp.StateAsync(key, "version=1");

        // The cost check may append its verdict to the CDR's stream meanwhile: the CDR is the first event.
        events[0].GetProperty("stream").GetString().ShouldBe(key);
        events[0].GetProperty("type").GetString().ShouldBe("cdr_received");
        state.GetProperty("stream").GetString().ShouldBe(key);
        state.GetProperty("state").GetProperty("cdr").GetProperty("id").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task bad_state_queries_are_400_naming_the_parameter()
    {
        const string state = "/api/audit/streams/tariff%3ADE-XX%3AT1/state";
        await emsp.ShouldRefuseAsync($"{state}?at=yesterday", "at");
        await emsp.ShouldRefuseAsync($"{state}?version=0", "version");
        await emsp.ShouldRefuseAsync($"{state}?version=two", "version");
        await emsp.ShouldRefuseAsync($"{state}?version=1&at=2025-01-01T00:00:00Z", "version");
    }

    private static JsonObject TariffBody(CpoSimulator.CpoSimulator cpo, string id)
    {
        var tariff = Infrastructure.SpecExamples.OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        tariff["id"] = id;
        tariff["last_updated"] = "2025-04-01T00:00:00Z";
        return tariff;
    }

    private static string EvseStatus(JsonElement answer) =>
        answer.GetProperty("state").GetProperty("location").GetProperty("evses").EnumerateArray()
            .Single(e => e.GetProperty("uid").GetString() == "3256").GetProperty("status").GetString()!;
}
