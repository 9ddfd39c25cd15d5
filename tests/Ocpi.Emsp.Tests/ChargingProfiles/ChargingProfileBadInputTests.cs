using System.Net;
using Ocpi.Emsp.ChargingProfiles;
using static Ocpi.Emsp.Tests.ChargingProfiles.ChargingProfilesFixture;

namespace Ocpi.Emsp.Tests.ChargingProfiles;

/// <summary>
/// Bad input on every charging profile endpoint: the internal API answers 400 naming the field or 404, the OCPI
/// endpoints answer per the spec's status rules (not JSON: HTTP 400; breaking the table: 2001; naming nothing we sent or
/// a Session of another partner: HTTP 404, 2001). Nothing is stored in any case.
/// </summary>
public sealed class ChargingProfileBadInputTests(ChargingProfilesFixture emsp) : IClassFixture<ChargingProfilesFixture>
{
    [Fact]
    public async Task malformed_or_out_of_range_internal_requests_are_refused_naming_the_field_and_store_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);
        var api = emsp.InternalApi();

        (await api.PutAsync(path, Body("""{"charging_rate_unit": "W", """))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var array = await api.PutAsync(path, Body("[]"));
        array.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await array.Content.ReadAsStringAsync()).ShouldContain("(body)");
        var badUnit = await api.PutAsync(path, Body("""{"charging_rate_unit": "kW", "charging_profile_period": []}"""));
        badUnit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badUnit.Content.ReadAsStringAsync()).ShouldContain("charging_rate_unit");
        foreach (var duration in new[] { "0", "86401", "abc", "-5" })
        {
            var response = await api.GetAsync($"{path}?duration={duration}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, duration);
            (await response.Content.ReadAsStringAsync()).ShouldContain("duration");
        }
        (await api.DeleteAsync(Path(cpo.Options.Party, "UNKNOWN"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.DeleteAsync(Path(new("NL", "ZZZ"), sessionId))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await emsp.EventTypesAsync(ChargingProfileView.StreamKey(cpo.Options.Party, sessionId))).ShouldBeEmpty();
        cpo.ReceivedChargingProfileRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task malformed_or_misaddressed_results_are_refused_per_the_spec_and_store_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.Result = null;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);
        var key = ChargingProfileView.StreamKey(cpo.Options.Party, sessionId);
        var id = await emsp.SetAsync(path);
        await emsp.WaitForStatusAsync(path, id, "ACCEPTED");
        var responseUrl = cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;
        var before = await emsp.EventTypesAsync(key);

        var notJson = await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, rawBody: """{"result": """);
        notJson.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        var noResult = await cpo.CallEmspAsync(HttpMethod.Post, responseUrl, cpo.TokenForEmsp, new { profile = new { } });
        noResult.StatusCode.ShouldBe(2001);
        noResult.Envelope!.Value.GetProperty("status_message").GetString()!.ShouldContain("result");
        foreach (var url in new[]
                 {
                     responseUrl.Replace("/set/", "/clear/"), responseUrl.Replace("/set/", "/bogus/"), responseUrl[..^4] + "0000",
                     responseUrl.Replace($"/{sessionId}/", "/OTHER/"),
                 })
        {
            var misaddressed = await cpo.CallEmspAsync(HttpMethod.Post, url, cpo.TokenForEmsp, new { result = "ACCEPTED" });
            misaddressed.HttpStatus.ShouldBe(HttpStatusCode.NotFound, url);
            misaddressed.StatusCode.ShouldBe(2001, url);
        }

        (await emsp.EventTypesAsync(key)).ShouldBe(before);
        var history = await emsp.HistoryAsync(path);
        Request(history, id).TryGetProperty("result", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task a_malformed_push_or_one_for_an_unknown_session_is_refused_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var sessionId = await PushSessionAsync(cpo);
        var key = ChargingProfileView.StreamKey(cpo.Options.Party, sessionId);

        (await cpo.PushActiveChargingProfileAsync(sessionId, rawBody: "{\"start_date_time\": ")).HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        var badPeriod = await cpo.PushActiveChargingProfileAsync(sessionId, rawBody:
            """{"start_date_time": "2025-01-01T10:00:00Z", "charging_profile": {"charging_rate_unit": "W", "charging_profile_period": [{"limit": 1}]}}""");
        badPeriod.StatusCode.ShouldBe(2001);
        var unknown = await cpo.PushActiveChargingProfileAsync("UNKNOWN" + sessionId, CpoSimulator.CpoSimulator.ActiveProfile(1));
        unknown.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(2001);

        (await emsp.EventTypesAsync(key)).ShouldBeEmpty();
        (await emsp.EventTypesAsync(ChargingProfileView.StreamKey(cpo.Options.Party, "UNKNOWN" + sessionId))).ShouldBeEmpty();
    }
}
