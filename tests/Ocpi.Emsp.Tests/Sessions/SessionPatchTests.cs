using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using static Ocpi.Emsp.Tests.Sessions.SessionPushTests;

namespace Ocpi.Emsp.Tests.Sessions;

/// <summary>PATCH of a Session: fields replace, charging_periods append, last_updated required, stale PATCHes ignored.</summary>
public sealed class SessionPatchTests(SessionsFixture emsp) : IClassFixture<SessionsFixture>
{
    /// <summary>
    /// An ACTIVE session with one charging period, started before the official PATCH examples (2019-06-23T08:11/08:16):
    /// session_example_1 is dated 2020, so its dates are moved back, or both examples would be (correctly) stale.
    /// </summary>
    private async Task<(CpoSimulator.CpoSimulator Cpo, JsonObject Session, string Url)> ActiveSessionAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["start_date_time"] = "2019-06-23T08:00:00Z";
        session["last_updated"] = "2019-06-23T08:00:00Z";
        session["status"] = "ACTIVE";
        session["kwh"] = 1.2;
        session["charging_periods"] = new JsonArray(new JsonObject
        {
            ["start_date_time"] = "2019-06-23T08:00:00Z",
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = 1.2 }),
        });
        var url = SessionUrl(cpo, "101");
        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        return (cpo, session, url);
    }

    [Fact]
    public async Task the_official_total_cost_patch_replaces_total_cost_and_leaves_the_rest()
    {
        var (cpo, session, url) = await ActiveSessionAsync();
        var patch = SpecExamples.Load("session_patch_example_total_cost.json");

        var result = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch.ToJsonString());

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(1000, result.StatusMessage);
        var stored = await GetAsync(cpo, url);
        JsonNode.DeepEquals(stored["total_cost"], patch["total_cost"]).ShouldBeTrue(stored.ToJsonString());
        stored["last_updated"]!.GetValue<string>().ShouldBe(patch["last_updated"]!.GetValue<string>());
        JsonNode.DeepEquals(stored["charging_periods"], session["charging_periods"]).ShouldBeTrue();
        JsonNode.DeepEquals(stored["cdr_token"], session["cdr_token"]).ShouldBeTrue();
        stored["kwh"]!.GetValue<decimal>().ShouldBe(1.2m);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut", "SessionPatched"]);
    }

    // session_patch_example_charging_period.json reports ENERGY 2200 (Wh, although the unit is kWh): semantic only, accepted.
    [Fact]
    public async Task the_official_charging_period_patch_appends_the_period_and_updates_kwh_and_total_cost()
    {
        var (cpo, session, url) = await ActiveSessionAsync();
        var totalCost = SpecExamples.Load("session_patch_example_total_cost.json");
        var period = SpecExamples.Load("session_patch_example_charging_period.json");
        (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: totalCost.ToJsonString())).StatusCode.ShouldBe(1000);

        var result = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: period.ToJsonString());

        result.StatusCode.ShouldBe(1000, result.StatusMessage);
        var stored = await GetAsync(cpo, url);
        var periods = stored["charging_periods"]!.AsArray();
        periods.Count.ShouldBe(2);
        JsonNode.DeepEquals(periods[0], session["charging_periods"]![0]).ShouldBeTrue();
        JsonNode.DeepEquals(periods[1], period["charging_periods"]![0]).ShouldBeTrue();
        stored["kwh"]!.GetValue<decimal>().ShouldBe(15.00m);
        JsonNode.DeepEquals(stored["total_cost"], period["total_cost"]).ShouldBeTrue();
        stored["last_updated"]!.GetValue<string>().ShouldBe("2019-06-23T08:16:02Z");
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut", "SessionPatched", "SessionPatched"]);
    }

    [Fact]
    public async Task a_patch_with_an_empty_charging_period_list_changes_no_period()
    {
        var (cpo, session, url) = await ActiveSessionAsync();
        var patch = new JsonObject { ["charging_periods"] = new JsonArray(), ["kwh"] = 2.0, ["last_updated"] = "2019-06-23T08:05:00Z" };

        (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch.ToJsonString())).StatusCode.ShouldBe(1000);

        var stored = await GetAsync(cpo, url);
        JsonNode.DeepEquals(stored["charging_periods"], session["charging_periods"]).ShouldBeTrue();
        stored["kwh"]!.GetValue<decimal>().ShouldBe(2.0m);
    }

    [Fact]
    public async Task a_patch_of_an_unknown_session_is_404_and_creates_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var patch = SpecExamples.Load("session_patch_example_total_cost.json");

        var result = await cpo.CallEmspAsync(HttpMethod.Patch, SessionUrl(cpo, "GHOST"), cpo.TokenForEmsp, rawBody: patch.ToJsonString());

        result.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        result.StatusCode.ShouldNotBe(1000);
        (await emsp.EventTypesAsync(Key(cpo, "GHOST"))).ShouldBeEmpty();
        (await cpo.CallEmspAsync(HttpMethod.Get, SessionUrl(cpo, "GHOST"), cpo.TokenForEmsp)).HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_patch_without_last_updated_is_2001_and_stores_nothing()
    {
        var (cpo, session, url) = await ActiveSessionAsync();
        var patch = SpecExamples.Load("session_patch_example_total_cost.json");
        patch.Remove("last_updated");

        var result = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch.ToJsonString());

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(2001);
        result.StatusMessage!.ShouldContain("last_updated: required field is missing");
        JsonNode.DeepEquals(await GetAsync(cpo, url), session).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut"]);
    }

    public static TheoryData<string, string, string> BadPatches => new()
    {
        { "unknown enum value", """{"status":"RUNNING","last_updated":"2019-06-23T08:10:00Z"}""", "status: 'RUNNING' is not a valid SessionStatus" },
        { "wrong type", """{"kwh":"12.5","last_updated":"2019-06-23T08:10:00Z"}""", "kwh: expected number" },
        { "bad period", """{"charging_periods":[{"start_date_time":"2019-06-23T08:10:00Z","dimensions":[]}],"last_updated":"2019-06-23T08:10:00Z"}""", "charging_periods[0].dimensions: must contain at least one element" },
        { "id mismatch", """{"id":"OTHER","last_updated":"2019-06-23T08:10:00Z"}""", "id: 'OTHER' differs from the id in the URL" },
        { "party mismatch", """{"party_id":"ZZZ","last_updated":"2019-06-23T08:10:00Z"}""", "party_id: 'ZZZ' differs from the URL's" },
        { "required field nulled", """{"location_id":null,"last_updated":"2019-06-23T08:10:00Z"}""", "location_id: required field is missing" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task an_invalid_patch_is_2001_naming_the_field_and_changes_nothing(string _, string patch, string expected)
    {
        var (cpo, session, url) = await ActiveSessionAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch);

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(2001);
        result.StatusMessage!.ShouldContain(expected);
        JsonNode.DeepEquals(await GetAsync(cpo, url), session).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut"]);
    }

    [Fact]
    public async Task an_older_patch_is_recorded_but_not_applied()
    {
        var (cpo, session, url) = await ActiveSessionAsync();
        var newer = SpecExamples.Load("session_patch_example_charging_period.json");
        (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: newer.ToJsonString())).StatusCode.ShouldBe(1000);
        var before = await GetAsync(cpo, url);
        var older = SpecExamples.Load("session_patch_example_total_cost.json"); // 08:11:00, older than 08:16:02

        var stale = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: older.ToJsonString());

        stale.HttpStatus.ShouldBe(HttpStatusCode.OK);
        stale.StatusCode.ShouldBe(1000);
        stale.StatusMessage!.ShouldContain("Recorded but not applied");
        var after = await GetAsync(cpo, url);
        JsonNode.DeepEquals(after, before).ShouldBeTrue();
        after["total_cost"]!["before_taxes"]!.GetValue<decimal>().ShouldBe(0.80m);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut", "SessionPatched", "SessionStaleUpdateIgnored"]);
    }

    [Fact]
    public async Task a_patch_after_a_stale_put_still_applies_against_the_newest_state()
    {
        var (cpo, session, url) = await ActiveSessionAsync();
        var older = session.DeepClone().AsObject();
        older["last_updated"] = "2019-06-23T07:00:00Z";
        older["kwh"] = 99;
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: older.ToJsonString());

        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp,
            rawBody: SpecExamples.Load("session_patch_example_total_cost.json").ToJsonString());

        patch.StatusCode.ShouldBe(1000);
        (patch.StatusMessage ?? "").ShouldNotContain("not applied");
        var stored = await GetAsync(cpo, url);
        stored["kwh"]!.GetValue<decimal>().ShouldBe(1.2m);
        stored["total_cost"]!["before_taxes"]!.GetValue<decimal>().ShouldBe(0.60m);
    }
}
