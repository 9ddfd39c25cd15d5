using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Commands;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tokens;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.Commands;

/// <summary>An eMSP whose commands time out one second after the CPO's timeout; helpers to request and follow commands.</summary>
public class CommandsFixture : EmspFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Emsp:Commands:TimeoutGrace", "00:00:01");

    /// <summary>One of our tokens, valid unless told otherwise; its uid.</summary>
    public async Task<string> OurTokenAsync(bool valid = true)
    {
        var uid = "C" + Guid.NewGuid().ToString("N")[..10];
        var put = await InternalApi().PutAsync($"/api/tokens/{uid}?type=APP_USER",
            new StringContent(TokensFixture.NewToken(uid, "APP_USER", valid).ToJsonString(), Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();
        return uid;
    }

    /// <summary>A request object of each command type (without response_url); token commands name one of our tokens.</summary>
    public static JsonObject RequestOf(string type, string? tokenUid = null) => type switch
    {
        "START_SESSION" => new() { ["token"] = new JsonObject { ["uid"] = tokenUid, ["type"] = "APP_USER" }, ["location_id"] = "LOC1", ["evse_uid"] = "EVSE1", ["connector_id"] = "1" },
        "RESERVE_NOW" => new()
        {
            ["token"] = new JsonObject { ["uid"] = tokenUid, ["type"] = "APP_USER" }, ["expiry_date"] = "2030-01-01T12:00:00Z",
            ["reservation_id"] = "RES1", ["location_id"] = "LOC1",
        },
        "STOP_SESSION" => new() { ["session_id"] = "S1" },
        "CANCEL_RESERVATION" => new() { ["reservation_id"] = "RES1" },
        "UNLOCK_CONNECTOR" => new() { ["location_id"] = "LOC1", ["evse_uid"] = "EVSE1", ["connector_id"] = "1" },
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public Task<HttpResponseMessage> PostCommandAsync(PartyRef cpo, string type, JsonObject request) =>
        PostRawCommandAsync(new JsonObject
        {
            ["cpo"] = new JsonObject { ["country_code"] = cpo.CountryCode, ["party_id"] = cpo.PartyId }, ["type"] = type, ["request"] = request,
        }.ToJsonString());

    public Task<HttpResponseMessage> PostRawCommandAsync(string body) =>
        InternalApi().PostAsync("/api/commands", new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Requests a command and returns its id (asserting the 202 REQUESTED answer).</summary>
    public async Task<string> RequestAsync(PartyRef cpo, string type, JsonObject request)
    {
        var response = await PostCommandAsync(cpo, type, request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        ((int)response.StatusCode).ShouldBe(202, body.ToString());
        body.GetProperty("status").GetString().ShouldBe("REQUESTED");
        return body.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> CommandAsync(string id) => await InternalApi().GetFromJsonAsync<JsonElement>($"/api/commands/{id}");

    /// <summary>Waits (bounded) until the command shows the condition; returns it then.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        JsonElement command = default;
        await Eventually.HoldsAsync(async () => condition(command = await CommandAsync(id)), $"command {id}: {what}", timeout);
        return command;
    }

    public Task<JsonElement> WaitForStatusAsync(string id, string status, TimeSpan? timeout = null) =>
        WaitForAsync(id, c => c.GetProperty("status").GetString() == status, $"status {status}", timeout);

    public static IReadOnlyList<string> Timeline(JsonElement command) =>
        command.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();

    public async Task<int> CommandCountAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Query<CommandView>().CountAsync();
    }

    public async Task<int> EventCountAsync(string id) => (await EventTypesAsync(CommandView.StreamKey(id))).Count;
}
