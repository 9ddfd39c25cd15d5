using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.ChargingProfiles;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Versions;
using static Ocpi.Emsp.Tests.ChargingProfiles.ChargingProfilesFixture;

namespace Ocpi.Emsp.Tests.ChargingProfiles;

/// <summary>A Session's charging profile set, asked and cleared at a simulated CPO on Kestrel, and the CPO's pushes.</summary>
public sealed class ChargingProfileTests(EmspFixture emsp) : IClassFixture<EmspFixture>
{
    [Fact]
    public async Task set_get_and_clear_are_sent_to_the_cpo_and_finished_by_their_async_results()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        var set = await AcceptedAsync(await emsp.InternalApi().PutAsync(path, Body(Profile)), "SET");
        await WaitForAsync(path, v => Request(v, set).TryGetProperty("result", out _), "the set result");
        var active = await AcceptedAsync(await emsp.InternalApi().GetAsync(path + "?duration=900"), "ACTIVE");
        await WaitForAsync(path, v => Request(v, active).TryGetProperty("result", out _), "the active profile result");
        var clear = await AcceptedAsync(await emsp.InternalApi().DeleteAsync(path), "CLEAR");
        var history = await WaitForAsync(path, v => Request(v, clear).TryGetProperty("result", out _), "the clear result");

        history.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        history.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ShouldBe(["ACCEPTED", "ACCEPTED", "ACCEPTED"]);
        Request(history, set).GetProperty("charging_profile").GetProperty("charging_rate_unit").GetString().ShouldBe("W");
        Request(history, active).GetProperty("result").GetProperty("profile").GetProperty("charging_profile")
            .GetProperty("charging_profile_period")[0].GetProperty("limit").GetDouble().ShouldBe(11000);
        history.GetProperty("active_profile").GetProperty("start_date_time").GetString().ShouldBe("2025-01-01T10:00:00Z");
        history.TryGetProperty("set_profile", out _).ShouldBeFalse("cleared");
        history.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "charging_profile_result_received").ShouldBe(3);

        var received = cpo.ReceivedChargingProfileRequests;
        received.Select(r => r.Method).ShouldBe(["PUT", "GET", "DELETE"]);
        received.ShouldAllBe(r => r.SessionId == sessionId);
        received[0].Body!.Value.GetProperty("charging_profile").GetProperty("charging_profile_period")[0].GetProperty("limit").GetDouble().ShouldBe(7400);
        received[1].Duration.ShouldBe(900);
        received[1].ResponseUrl.ShouldBe($"{EmspFixture.PublicUrl}/ocpi/2.3.0/chargingprofiles/active/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{sessionId}/{active}");
        cpo.RequestsTo($"/ocpi/2.3.0/chargingprofiles/{sessionId}").First().Header("OCPI-to-party-id").ShouldBe(cpo.Options.Party.PartyId);
    }

    [Fact]
    public async Task our_version_details_advertise_chargingprofiles_as_sender()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var endpoint = cpo.EmspEndpoints.Where(e => e.Identifier == "chargingprofiles").ShouldHaveSingleItem();
        endpoint.Role.ShouldBe(InterfaceRole.SENDER);
        endpoint.Url.ShouldBe($"{EmspFixture.PublicUrl}/ocpi/2.3.0/chargingprofiles");
    }

    [Fact]
    public async Task an_unsolicited_active_charging_profile_update_is_stored_for_the_callers_session_and_refused_for_another_partners()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        (await cpo.PushActiveChargingProfileAsync(sessionId, CpoSimulator.CpoSimulator.ActiveProfile(3600))).StatusCode.ShouldBe(1000);

        var view = await emsp.InternalApi().GetFromJsonAsync<JsonElement>(path + "/history");
        view.GetProperty("updates").GetInt32().ShouldBe(1);
        view.GetProperty("active_profile").GetProperty("charging_profile").GetProperty("charging_profile_period")[0]
            .GetProperty("limit").GetDouble().ShouldBe(3600);

        var foreign = await other.PushActiveChargingProfileAsync(sessionId, CpoSimulator.CpoSimulator.ActiveProfile(1));
        foreign.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        foreign.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync(ChargingProfileView.StreamKey(cpo.Options.Party, sessionId))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_result_posted_by_another_partner_is_refused_and_stores_nothing_and_a_second_result_is_recorded_as_ignored_and_changes_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.Result = null;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);
        var id = await AcceptedAsync(await emsp.InternalApi().PutAsync(path, Body(Profile)), "SET");
        await WaitForAsync(path, v => Request(v, id).GetProperty("status").GetString() == "ACCEPTED", "the CPO's answer");
        var responseUrl = cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;
        var key = ChargingProfileView.StreamKey(cpo.Options.Party, sessionId);
        var before = (await emsp.EventTypesAsync(key)).Count;

        var refused = await other.CallEmspAsync(HttpMethod.Post, responseUrl, other.TokenForEmsp, new { result = "ACCEPTED" });

        refused.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        refused.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync(key)).Count.ShouldBe(before);
        (await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "REJECTED" })).StatusCode.ShouldBe(1000);
        var view = await emsp.InternalApi().GetFromJsonAsync<JsonElement>(path + "/history");
        Request(view, id).GetProperty("result").GetProperty("result").GetString().ShouldBe("REJECTED");

        var afterResult = (await emsp.EventTypesAsync(key)).Count;
        (await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "ACCEPTED" })).StatusCode.ShouldBe(1000);
        var types = await emsp.EventTypesAsync(key);
        types.Count.ShouldBe(afterResult + 1);
        types[^1].ShouldBe("ChargingProfileResultIgnored");
        view = await emsp.InternalApi().GetFromJsonAsync<JsonElement>(path + "/history");
        Request(view, id).GetProperty("result").GetProperty("result").GetString().ShouldBe("REJECTED");
        Request(view, id).GetProperty("ignored_results").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task bad_input_is_refused_naming_the_field_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.Result = null;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);
        var key = ChargingProfileView.StreamKey(cpo.Options.Party, sessionId);

        var noUnit = await emsp.InternalApi().PutAsync(path, Body("""{"charging_profile_period": [{"start_period": 0, "limit": 7400}]}"""));
        noUnit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noUnit.Content.ReadAsStringAsync()).ShouldContain("charging_rate_unit");
        var noDuration = await emsp.InternalApi().GetAsync(path);
        noDuration.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noDuration.Content.ReadAsStringAsync()).ShouldContain("duration");
        (await emsp.InternalApi().PutAsync(Path(cpo.Options.Party, "NOPE"), Body(Profile))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.EventTypesAsync(key)).ShouldBeEmpty();

        var badPush = await cpo.PushActiveChargingProfileAsync(sessionId, rawBody: """{"start_date_time": "2025-01-01T10:00:00Z"}""");
        badPush.StatusCode.ShouldBe(2001);
        badPush.Envelope!.Value.GetProperty("status_message").GetString()!.ShouldContain("charging_profile");
        (await emsp.EventTypesAsync(key)).ShouldBeEmpty();

        var id = await AcceptedAsync(await emsp.InternalApi().DeleteAsync(path), "CLEAR");
        await WaitForAsync(path, v => Request(v, id).GetProperty("status").GetString() == "ACCEPTED", "the CPO's answer");
        var responseUrl = cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;
        var before = (await emsp.EventTypesAsync(key)).Count;
        var badResult = await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { result = "TOO_OFTEN" });
        badResult.StatusCode.ShouldBe(2001);
        badResult.Envelope!.Value.GetProperty("status_message").GetString()!.ShouldContain("result");
        (await emsp.EventTypesAsync(key)).Count.ShouldBe(before);
    }

    private static async Task<string> AcceptedAsync(HttpResponseMessage response, string kind)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        ((int)response.StatusCode).ShouldBe(202, body.ToString());
        body.GetProperty("kind").GetString().ShouldBe(kind);
        body.GetProperty("status").GetString().ShouldBe("REQUESTED");
        return body.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, string what)
    {
        JsonElement view = default;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await emsp.InternalApi().GetAsync(path + "/history");
            return response.IsSuccessStatusCode && condition(view = await response.Content.ReadFromJsonAsync<JsonElement>());
        }, what);
        return view;
    }
}
