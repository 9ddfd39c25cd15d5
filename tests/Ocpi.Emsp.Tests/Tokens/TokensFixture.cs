using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// An eMSP whose token resync runs every 200 ms, so tests see a recovered CPO brought up to date quickly, and whose
/// in-memory token directory reads the database's changes every 200 ms.
/// </summary>
public class TokensFixture : EmspFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder
        .UseSetting("Emsp:Tokens:ResyncInterval", "00:00:00.200")
        .UseSetting("Emsp:Tokens:DirectoryRefreshInterval", "00:00:00.200");

    public static JsonObject NewToken(string uid, string type = "RFID", bool valid = true, string whitelist = "ALLOWED", string? lastUpdated = null) => new()
    {
        ["country_code"] = "NL",
        ["party_id"] = "EMS",
        ["uid"] = uid,
        ["type"] = type,
        ["contract_id"] = "NL-EMS-C" + uid,
        ["issuer"] = "Ocpi.Emsp",
        ["valid"] = valid,
        ["whitelist"] = whitelist,
        ["last_updated"] = lastUpdated ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
    };

    public async Task<HttpResponseMessage> PutTokenAsync(JsonObject token) =>
        await InternalApi().PutAsync($"/api/tokens/{token["uid"]}?type={token["type"]}",
            new StringContent(token.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public async Task<HttpResponseMessage> PatchTokenAsync(string uid, JsonObject patch, string type = "RFID") =>
        await InternalApi().PatchAsync($"/api/tokens/{uid}?type={type}",
            new StringContent(patch.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Waits (bounded) until the partner's token copies are reported in sync by the internal API.</summary>
    public async Task WaitUntilInSyncAsync(string partnerId)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var statuses = await InternalApi().GetFromJsonAsync<JsonElement>("/api/token-sync");
            return statuses.EnumerateArray().Any(s => s.GetProperty("id").GetString() == partnerId && s.GetProperty("in_sync").GetBoolean());
        }, $"partner {partnerId} in sync");
    }
}
