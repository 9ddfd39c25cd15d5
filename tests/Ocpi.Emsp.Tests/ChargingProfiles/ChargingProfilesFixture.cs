using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.ChargingProfiles;

/// <summary>An eMSP whose charging profile requests time out one second after the CPO's timeout; helpers to follow them.</summary>
public class ChargingProfilesFixture : EmspFixture
{
    public const string Profile = """{"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 7400.0}]}""";

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Emsp:Commands:TimeoutGrace", "00:00:01");

    public static string Path(PartyRef party, string sessionId) => $"/api/sessions/{party.CountryCode}/{party.PartyId}/{sessionId}/charging-profile";

    public static StringContent Body(string body) => new(body, Encoding.UTF8, "application/json");

    public static JsonElement Request(JsonElement history, string id) =>
        history.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    public static IReadOnlyList<string> Timeline(JsonElement history) =>
        history.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();

    /// <summary>Asks for a SET of <see cref="Profile"/> and returns the request id (asserting the 202 REQUESTED answer).</summary>
    public async Task<string> SetAsync(string path)
    {
        var response = await InternalApi().PutAsync(path, Body(Profile));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        ((int)response.StatusCode).ShouldBe(202, body.ToString());
        body.GetProperty("status").GetString().ShouldBe("REQUESTED");
        return body.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> HistoryAsync(string path) => await InternalApi().GetFromJsonAsync<JsonElement>(path + "/history");

    /// <summary>Waits (bounded) until the history shows the condition; returns it then.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        JsonElement history = default;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await InternalApi().GetAsync(path + "/history");
            return response.IsSuccessStatusCode && condition(history = await response.Content.ReadFromJsonAsync<JsonElement>());
        }, what, timeout);
        return history;
    }

    public Task<JsonElement> WaitForStatusAsync(string path, string id, string status, TimeSpan? timeout = null) =>
        WaitForAsync(path, h => Request(h, id).GetProperty("status").GetString() == status, $"request {id} {status}", timeout);

    /// <summary>A Session of the CPO, pushed by it; its id.</summary>
    public static async Task<string> PushSessionAsync(CpoSimulator.CpoSimulator cpo)
    {
        var party = cpo.Options.Party;
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", party);
        var sessionId = "CP" + Guid.NewGuid().ToString("N")[..12];
        session["id"] = sessionId;
        (await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint("sessions")}/{party.CountryCode}/{party.PartyId}/{sessionId}",
            cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        return sessionId;
    }
}
