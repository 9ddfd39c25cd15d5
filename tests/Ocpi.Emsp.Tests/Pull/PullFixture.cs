using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Pull;

public sealed class PullFixture : EmspFixture
{
    public static readonly DateTimeOffset Long = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A CPO whose SENDER lists are seeded before it registers, so the initial sync after registration reads them.</summary>
    public async Task<(CpoSimulator.CpoSimulator Cpo, string PartnerId)> SeededCpoAsync(Action<CpoSimulator.CpoSimulator> seed, int maxLimit = 50)
    {
        var cpo = await StartCpoAsync(new CpoSimulatorOptions { Party = NextParty(), SenderMaxLimit = maxLimit });
        seed(cpo);
        var (partnerId, tokenA) = await InviteAsync();
        var result = await cpo.RegisterWithAsync(VersionsUrl, tokenA);
        if (result.StatusCode != 1000) throw new InvalidOperationException($"Registration failed: {result.StatusMessage}");
        return (cpo, partnerId);
    }

    public static JsonObject Location(PartyRef owner, string id, DateTimeOffset lastUpdated) =>
        Object("location_example.json", owner, id, lastUpdated);

    public static JsonObject Session(PartyRef owner, string id, DateTimeOffset lastUpdated) =>
        Object("session_example_2_short_finished.json", owner, id, lastUpdated);

    /// <summary>cdr_example.json with the correction the CDR tests make (its embedded Tariff lacks tax_included).</summary>
    public static JsonObject Cdr(PartyRef owner, string id, DateTimeOffset lastUpdated)
    {
        var cdr = Object("cdr_example.json", owner, id, lastUpdated);
        foreach (var tariff in cdr["tariffs"]!.AsArray())
        {
            tariff!["tax_included"] ??= "NO";
            tariff["country_code"] = owner.CountryCode;
            tariff["party_id"] = owner.PartyId;
        }
        return cdr;
    }

    public static JsonObject Tariff(PartyRef owner, string id, DateTimeOffset lastUpdated) =>
        Object("tariff_1_simple_2hour.json", owner, id, lastUpdated);

    private static JsonObject Object(string example, PartyRef owner, string id, DateTimeOffset lastUpdated)
    {
        var json = SpecExamples.OwnedBy(example, owner);
        json["id"] = id;
        json["last_updated"] = OcpiDateTime.Format(lastUpdated);
        return json;
    }

    public static string Key(string kind, PartyRef owner, string id) =>
        $"{kind}:{owner.CountryCode.ToUpperInvariant()}-{owner.PartyId.ToUpperInvariant()}:{id.ToUpperInvariant()}";

    public async Task<JsonElement> ModuleStatusAsync(string partnerId, string module)
    {
        var status = await InternalApi().GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}/sync");
        return status.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("module").GetString() == module);
    }

    public static string? Text(JsonElement status, string member) =>
        status.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Waits until the module's run ended after <paramref name="endedBefore"/> (null: any completed run).</summary>
    public async Task<JsonElement> CompletedRunAsync(string partnerId, string module, string? endedBefore = null)
    {
        JsonElement status = default;
        await Eventually.HoldsAsync(async () =>
        {
            status = await ModuleStatusAsync(partnerId, module);
            return !status.GetProperty("running").GetBoolean() && Text(status, "last_run_ended_at") is { } ended && ended != endedBefore;
        }, $"a completed pull of {module} for {partnerId}");
        return status;
    }

    /// <summary>Triggers a pull of the modules and waits until each has completed a new run.</summary>
    public async Task TriggerAndWaitAsync(string partnerId, params string[] modules)
    {
        var before = new Dictionary<string, string?>();
        foreach (var module in modules) before[module] = Text(await ModuleStatusAsync(partnerId, module), "last_run_ended_at");
        var response = await InternalApi().PostAsync($"/api/partners/{partnerId}/sync?modules={string.Join(',', modules)}", null);
        response.EnsureSuccessStatusCode();
        foreach (var module in modules) await CompletedRunAsync(partnerId, module, before[module]);
    }

    public async Task WaitForInitialSyncAsync(string partnerId)
    {
        foreach (var module in new[] { ModuleId.Locations, ModuleId.Sessions, ModuleId.Cdrs, ModuleId.Tariffs })
            await CompletedRunAsync(partnerId, module);
    }

    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> EventsAsync(string streamKey)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(streamKey);
    }

    public async Task<T?> LoadAsync<T>(string id) where T : class
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }
}
