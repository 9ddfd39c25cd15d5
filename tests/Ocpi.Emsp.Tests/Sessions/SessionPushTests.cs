using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Sessions;

/// <summary>PUT and GET of whole Sessions with the official examples; PUT replaces, charging periods included.</summary>
public sealed class SessionPushTests(SessionsFixture emsp) : IClassFixture<SessionsFixture>
{
    // session_example_2_short_finished.json reports ENERGY in Wh (120, 41000) although the unit is kWh; that is a
    // semantic error of the example only, it is a valid Session and is accepted as it is.
    public static TheoryData<string> SessionExamples => new()
    {
        "session_example_1_simple_start.json",
        "session_example_2_short_finished.json",
    };

    [Theory]
    [MemberData(nameof(SessionExamples))]
    public async Task every_official_session_example_is_accepted_and_reads_back_equal(string example)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy(example, cpo.Options.Party);
        var url = SessionUrl(cpo, session["id"]!.GetValue<string>());

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        put.Envelope!.Value.TryGetProperty("data", out _).ShouldBeFalse();
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        get.HttpStatus.ShouldBe(HttpStatusCode.OK);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), session).ShouldBeTrue(get.Data.GetRawText());
        (await emsp.EventTypesAsync(Key(cpo, session["id"]!.GetValue<string>()))).ShouldBe(["SessionPut"]);
    }

    [Fact]
    public async Task a_second_put_answers_200_and_replaces_the_session()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        var url = SessionUrl(cpo, "101");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());
        var active = session.DeepClone().AsObject();
        active["status"] = "ACTIVE";
        active["kwh"] = 3.5;
        active.Remove("total_cost");
        active["last_updated"] = "2020-03-09T10:30:00Z";

        var again = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: active.ToJsonString());

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000);
        var stored = await GetAsync(cpo, url);
        JsonNode.DeepEquals(stored, active).ShouldBeTrue(stored.ToJsonString());
        stored.ContainsKey("total_cost").ShouldBeFalse();
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("empty")]
    public async Task a_put_without_charging_periods_clears_the_stored_periods(string how)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_2_short_finished.json", cpo.Options.Party);
        var url = SessionUrl(cpo, "101");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());
        (await GetAsync(cpo, url))["charging_periods"]!.AsArray().Count.ShouldBe(3);
        var replacement = session.DeepClone().AsObject();
        if (how == "absent") replacement.Remove("charging_periods");
        else replacement["charging_periods"] = new JsonArray();
        replacement["last_updated"] = "2015-06-30T00:00:00Z";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: replacement.ToJsonString());

        put.StatusCode.ShouldBe(1000);
        var stored = await GetAsync(cpo, url);
        (stored["charging_periods"] as JsonArray ?? []).Count.ShouldBe(0);
        stored["last_updated"]!.GetValue<string>().ShouldBe("2015-06-30T00:00:00Z");
    }

    [Fact]
    public async Task a_put_with_other_charging_periods_replaces_them_instead_of_appending()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_2_short_finished.json", cpo.Options.Party);
        var url = SessionUrl(cpo, "101");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());
        var replacement = session.DeepClone().AsObject();
        var only = new JsonObject
        {
            ["start_date_time"] = "2015-06-29T22:39:09Z",
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = 41.12 }),
        };
        replacement["charging_periods"] = new JsonArray(only);
        replacement["last_updated"] = "2015-06-30T00:00:00Z";

        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: replacement.ToJsonString())).StatusCode.ShouldBe(1000);

        var periods = (await GetAsync(cpo, url))["charging_periods"]!.AsArray();
        periods.Count.ShouldBe(1);
        JsonNode.DeepEquals(periods[0], only).ShouldBeTrue();
    }

    [Fact]
    public async Task an_older_put_is_recorded_but_not_applied()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_2_short_finished.json", cpo.Options.Party);
        var url = SessionUrl(cpo, "101");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());
        var older = session.DeepClone().AsObject();
        older["status"] = "ACTIVE";
        older["kwh"] = 1;
        older.Remove("end_date_time");
        older["last_updated"] = "2015-06-29T23:00:00Z";

        var stale = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: older.ToJsonString());

        stale.HttpStatus.ShouldBe(HttpStatusCode.OK);
        stale.StatusCode.ShouldBe(1000);
        stale.StatusMessage!.ShouldContain("Recorded but not applied");
        JsonNode.DeepEquals(await GetAsync(cpo, url), session).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut", "SessionStaleUpdateIgnored"]);
    }

    [Fact]
    public async Task na_is_accepted_as_evse_uid_and_connector_id_of_a_reservation()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = "RES-1";
        session["status"] = "RESERVATION";
        session["auth_method"] = "COMMAND";
        session["evse_uid"] = "#NA";
        session["connector_id"] = "#NA";
        var url = SessionUrl(cpo, "RES-1");

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        var stored = await GetAsync(cpo, url);
        stored["evse_uid"]!.GetValue<string>().ShouldBe("#NA");
        stored["connector_id"]!.GetValue<string>().ShouldBe("#NA");
    }

    [Fact]
    public async Task unknown_fields_are_accepted_and_kept_on_put_and_patch()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["future_field"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };
        session["cdr_token"]!["future_token_field"] = "x";
        var url = SessionUrl(cpo, "101");

        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        var patch = new JsonObject { ["another_new_field"] = true, ["last_updated"] = "2020-03-09T10:20:00Z" };
        (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch.ToJsonString())).StatusCode.ShouldBe(1000);

        var stored = await GetAsync(cpo, url);
        JsonNode.DeepEquals(stored["future_field"], session["future_field"]).ShouldBeTrue();
        stored["cdr_token"]!["future_token_field"]!.GetValue<string>().ShouldBe("x");
        stored["another_new_field"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task session_ids_are_case_insensitive()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = "Sess-A";
        await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "Sess-A"), cpo.TokenForEmsp, rawBody: session.ToJsonString());

        var get = await cpo.CallEmspAsync(HttpMethod.Get, SessionUrl(cpo, "sess-a"), cpo.TokenForEmsp);

        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), session).ShouldBeTrue();
    }

    [Fact]
    public async Task an_unknown_session_is_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var get = await cpo.CallEmspAsync(HttpMethod.Get, SessionUrl(cpo, "NOPE"), cpo.TokenForEmsp);

        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.StatusCode.ShouldNotBe(1000);
    }

    public static string SessionUrl(CpoSimulator.CpoSimulator cpo, string id) =>
        $"{cpo.EmspEndpoint("sessions")}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}";

    public static string Key(CpoSimulator.CpoSimulator cpo, string id) =>
        $"session:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:{id.ToUpperInvariant()}";

    public static async Task<JsonObject> GetAsync(CpoSimulator.CpoSimulator cpo, string url)
    {
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000, get.StatusMessage);
        return JsonNode.Parse(get.Data.GetRawText())!.AsObject();
    }
}
