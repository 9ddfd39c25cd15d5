using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Tests.Billing.CostChecks;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InternalApi;
using Ocpi.Emsp.Tests.Tokens;
using Ocpi.Emsp.Tokens;

namespace Ocpi.Emsp.Tests.Storage;

/// <summary>
/// The contract of the service's own SQL with Marten: whatever the group commit and the decision recorder write into
/// mt_streams, mt_events and the view tables is, column by column, what Marten's own session (append + inline
/// projection) writes for the same push. Left out of the comparison, because they legitimately differ between two
/// writes of the same push: the event's id (a new UUID per write) and its sequence number (the database's counter), and
/// every time of writing (mt_events.timestamp, mt_streams.timestamp and created, the views' mt_last_modified).
/// Every event type a receiver or the recorder appends is covered (the first test of each module asserts which).
/// </summary>
public sealed class MartenContractTests(MartenContractFixture contract) : IClassFixture<MartenContractFixture>
{
    private static readonly string[] StreamTimes = ["timestamp", "created"];
    private static readonly string[] EventIdAndTimes = ["seq_id", "id", "timestamp"];
    private static readonly string[] ViewTimes = ["mt_last_modified"];

    [Fact]
    public async Task location_pushes_of_every_kind_are_stored_as_marten_stores_them()
    {
        var (cpo, _) = await contract.Ours.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "L1", "2025-04-01T10:00:00Z");
        var location = Push.Url(cpo, "locations", "L1");
        var evse = (JsonObject)SpecExamples.Load("location_example.json")["evses"]![0]!.DeepClone();
        evse["uid"] = "NEW1";
        evse["last_updated"] = "2025-04-01T10:01:00Z";
        await Push.SendAsync(cpo, HttpMethod.Put, $"{location}/NEW1", evse);
        var connector = (JsonObject)evse["connectors"]![0]!.DeepClone();
        connector["id"] = "2";
        connector["last_updated"] = "2025-04-01T10:02:00Z";
        await Push.SendAsync(cpo, HttpMethod.Put, $"{location}/NEW1/2", connector);
        await Push.SendAsync(cpo, HttpMethod.Patch, location, Example("location_patch_example_location.json", "2025-04-01T10:03:00Z"));
        await Push.SendAsync(cpo, HttpMethod.Patch, $"{location}/NEW1", Example("location_patch_example_status.json", "2025-04-01T10:04:00Z"));
        await Push.SendAsync(cpo, HttpMethod.Patch, $"{location}/NEW1/2", Example("location_patch_example_tariff.json", "2025-04-01T10:05:00Z"));
        await Push.SendAsync(cpo, HttpMethod.Patch, location, Example("location_patch_example_location.json", "2025-04-01T09:00:00Z"));
        await Push.LocationAsync(cpo, "L2", "2025-04-01T10:00:00Z", l => l["unknown_vendor_field"] = new JsonObject { ["ü"] = "ß\u00e9" });
        string[] keys = [Push.Key("location", cpo, "L1"), Push.Key("location", cpo, "L2")];

        (await EventTypesAsync(keys)).ShouldBe([nameof(LocationPut), nameof(EvsePut), nameof(ConnectorPut), nameof(LocationPatched),
            nameof(EvsePatched), nameof(ConnectorPatched), nameof(LocationStaleUpdateIgnored)], ignoreOrder: true);
        await ShouldStoreAsMartenDoesAsync<LocationView>(keys, "mt_doc_locationview");
    }

    [Fact]
    public async Task session_pushes_of_every_kind_are_stored_as_marten_stores_them()
    {
        var (cpo, _) = await contract.Ours.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "S1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");
        var session = Push.Url(cpo, "sessions", "S1");
        await Push.SendAsync(cpo, HttpMethod.Patch, session, Example("session_patch_example_charging_period.json", "2025-04-01T10:10:00Z"));
        await Push.SendAsync(cpo, HttpMethod.Patch, session, Example("session_patch_example_total_cost.json", "2025-04-01T10:20:00Z"));
        await Push.SendAsync(cpo, HttpMethod.Patch, session, Example("session_patch_example_total_cost.json", "2025-04-01T09:00:00Z"));
        var finished = SpecExamples.OwnedBy("session_example_2_short_finished.json", cpo.Options.Party);
        finished["id"] = "S2";
        await Push.SendAsync(cpo, HttpMethod.Put, Push.Url(cpo, "sessions", "S2"), finished);
        string[] keys = [Push.Key("session", cpo, "S1"), Push.Key("session", cpo, "S2")];

        (await EventTypesAsync(keys)).ShouldBe([nameof(SessionPut), nameof(SessionPatched), nameof(SessionStaleUpdateIgnored)], ignoreOrder: true);
        await ShouldStoreAsMartenDoesAsync<SessionView>(keys, "mt_doc_sessionview");
    }

    [Fact]
    public async Task cdr_pushes_of_every_kind_are_stored_as_marten_stores_them()
    {
        var (cpo, _) = await contract.Ours.RegisteredCpoAsync();
        string[] keys = [Push.Key("cdr", cpo, "C1"), Push.Key("cdr", cpo, "C2")];
        await Push.CdrAsync(cpo, "C1", "2025-04-01T11:00:00Z", energy: 7.5m);
        // The redelivery meets a stream the cost check (a Marten session) appended to after the group commit.
        await CostChecked.AtLeastAsync(contract.Ours, keys[0]);
        await Push.CdrAsync(cpo, "C1", "2025-04-01T11:00:00Z", energy: 7.5m);
        await Push.CdrAsync(cpo, "C2", "2025-04-02T11:00:00Z", currency: "CAD");
        await CostChecked.AtLeastAsync(contract.Ours, keys[1]);

        (await contract.Ours.EventTypesAsync(keys[0])).ShouldBe([nameof(CdrReceived), nameof(CdrCostChecked), nameof(CdrRedelivered)]);
        (await EventTypesAsync(keys)).ShouldBe([nameof(CdrReceived), nameof(CdrRedelivered), nameof(CdrCostChecked)], ignoreOrder: true);
        await ShouldStoreAsMartenDoesAsync<CdrView>(keys, "mt_doc_cdrview");
    }

    [Fact]
    public async Task tariff_pushes_of_every_kind_are_stored_as_marten_stores_them()
    {
        var (cpo, _) = await contract.Ours.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T1", "2025-04-01T00:00:00Z");
        await Push.TariffAsync(cpo, "T1", "2025-03-01T00:00:00Z");
        var complex = SpecExamples.OwnedBy("tariff_4_complex.json", cpo.Options.Party);
        complex["id"] = "T2";
        await Push.SendAsync(cpo, HttpMethod.Put, Push.Url(cpo, "tariffs", "T2"), complex);
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T2"));
        string[] keys = [Push.Key("tariff", cpo, "T1"), Push.Key("tariff", cpo, "T2")];

        (await EventTypesAsync(keys)).ShouldBe([nameof(TariffPut), nameof(TariffStaleUpdateIgnored), nameof(TariffDeleted)], ignoreOrder: true);
        await ShouldStoreAsMartenDoesAsync<TariffView>(keys, "mt_doc_tariffview");
    }

    [Fact]
    public async Task authorization_decisions_are_stored_as_marten_stores_them()
    {
        var (cpo, _) = await contract.Ours.RegisteredCpoAsync();
        var uid = "K" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var put = await contract.Ours.InternalApi().PutAsync($"/api/tokens/{uid}?type=RFID",
            new StringContent(TokensFixture.NewToken(uid).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        var keys = new List<string>();
        await Eventually.HoldsAsync(async () =>
        {
            var result = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp,
                rawBody: """{"location_id":"LOC1","evse_uids":["3256"]}""");
            if (result.StatusCode != 1000 || result.Data.GetProperty("allowed").GetString() != "ALLOWED") return false;
            keys.Add(AuthorizationView.StreamKey(result.Data.GetProperty("authorization_reference").GetString()!));
            return true;
        }, "the new token is authorized");
        var refused = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/NOSUCHTOKEN/authorize", cpo.TokenForEmsp);
        if (refused.StatusCode == 1000 && refused.Data.TryGetProperty("authorization_reference", out var reference))
            keys.Add(AuthorizationView.StreamKey(reference.GetString()!));
        await Eventually.HoldsAsync(async () => await StoredStreamsAsync(keys) == keys.Count, "the decisions are stored");

        (await EventTypesAsync(keys)).ShouldBe([nameof(AuthorizationDecided)]);
        await ShouldStoreAsMartenDoesAsync<AuthorizationView>(keys, viewTable: null);
    }

    private async Task ShouldStoreAsMartenDoesAsync<TView>(IReadOnlyCollection<string> keys, string? viewTable) where TView : class
    {
        await contract.WriteThroughMartenAsync<TView>(keys);
        var ours = contract.Ours.ConnectionString;
        var marten = contract.Marten.ConnectionString;

        (await MartenContractFixture.RowsAsync(ours, "mt_streams", "id", "id", keys, StreamTimes))
            .ShouldBe(await MartenContractFixture.RowsAsync(marten, "mt_streams", "id", "id", keys, StreamTimes));
        (await MartenContractFixture.RowsAsync(ours, "mt_events", "stream_id", "stream_id, version", keys, EventIdAndTimes))
            .ShouldBe(await MartenContractFixture.RowsAsync(marten, "mt_events", "stream_id", "stream_id, version", keys, EventIdAndTimes));
        if (viewTable is null) return;
        var ourViews = await MartenContractFixture.RowsAsync(ours, viewTable, "id", "id", keys, ViewTimes);
        ourViews.Count.ShouldBe(keys.Count);
        ourViews.ShouldBe(await MartenContractFixture.RowsAsync(marten, viewTable, "id", "id", keys, ViewTimes));
    }

    private async Task<List<string>> EventTypesAsync(IReadOnlyCollection<string> keys)
    {
        var types = new List<string>();
        await using var session = contract.Ours.Store.QuerySession();
        foreach (var key in keys) types.AddRange((await session.Events.FetchStreamAsync(key)).Select(e => e.Data.GetType().Name));
        return [.. types.Distinct()];
    }

    private async Task<int> StoredStreamsAsync(IReadOnlyCollection<string> keys)
    {
        await using var session = contract.Ours.Store.QuerySession();
        var stored = 0;
        foreach (var key in keys) if (await session.Events.FetchStreamStateAsync(key) is not null) stored++;
        return stored;
    }

    private static JsonObject Example(string file, string lastUpdated)
    {
        var json = SpecExamples.Load(file);
        json["last_updated"] = lastUpdated;
        return json;
    }
}
