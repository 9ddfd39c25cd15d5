using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Locations;

/// <summary>PATCH on Location, EVSE and Connector; parent last_updated; stale updates; concurrent status changes.</summary>
public sealed class LocationPatchTests(LocationsFixture emsp) : IClassFixture<LocationsFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Cpo, JsonObject Location, string Url)> PushedLocationAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        var url = LocationPushTests.LocationUrl(cpo, "LOC1");
        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString())).StatusCode.ShouldBe(1000);
        return (cpo, location, url);
    }

    private static async Task<JsonObject> GetAsync(CpoSimulator.CpoSimulator cpo, string url) =>
        JsonNode.Parse((await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp)).Data.GetRawText())!.AsObject();

    [Fact]
    public async Task the_official_patch_examples_apply_on_their_levels_and_move_parent_last_updated()
    {
        var (cpo, location, url) = await PushedLocationAsync();
        var evse = location["evses"]![0]!.AsObject();
        var evseUrl = $"{url}/{evse["uid"]}";
        var connectorUrl = $"{evseUrl}/{evse["connectors"]![0]!["id"]}";

        var name = SpecExamples.Load("location_patch_example_location.json");
        var status = SpecExamples.Load("location_patch_example_status.json");
        var tariff = SpecExamples.Load("location_patch_example_tariff.json");
        (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: name.ToJsonString())).StatusCode.ShouldBe(1000);
        (await cpo.CallEmspAsync(HttpMethod.Patch, evseUrl, cpo.TokenForEmsp, rawBody: status.ToJsonString())).StatusCode.ShouldBe(1000);
        (await cpo.CallEmspAsync(HttpMethod.Patch, connectorUrl, cpo.TokenForEmsp, rawBody: tariff.ToJsonString())).StatusCode.ShouldBe(1000);

        var stored = await GetAsync(cpo, url);
        stored["name"]!.GetValue<string>().ShouldBe(name["name"]!.GetValue<string>());
        var storedEvse = stored["evses"]![0]!;
        storedEvse["status"]!.GetValue<string>().ShouldBe(status["status"]!.GetValue<string>());
        JsonNode.DeepEquals(storedEvse["connectors"]![0]!["tariff_ids"], tariff["tariff_ids"]).ShouldBeTrue();
        // The connector PATCH is the latest: its last_updated moved up to the EVSE and the Location.
        storedEvse["last_updated"]!.GetValue<string>().ShouldBe(tariff["last_updated"]!.GetValue<string>());
        stored["last_updated"]!.GetValue<string>().ShouldBe(tariff["last_updated"]!.GetValue<string>());
        // Untouched fields stay as they were.
        stored["address"]!.GetValue<string>().ShouldBe(location["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_evse_is_removed_with_status_removed_and_stays_readable()
    {
        var (cpo, location, url) = await PushedLocationAsync();
        var evseUrl = $"{url}/{location["evses"]![1]!["uid"]}";

        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, evseUrl, cpo.TokenForEmsp,
            rawBody: SpecExamples.Load("location_patch_example_remove_evse.json").ToJsonString());

        patch.StatusCode.ShouldBe(1000);
        (await GetAsync(cpo, evseUrl))["status"]!.GetValue<string>().ShouldBe("REMOVED");
        (await cpo.CallEmspAsync(HttpMethod.Delete, evseUrl, cpo.TokenForEmsp)).HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task put_of_a_new_evse_adds_it_and_put_of_a_connector_replaces_it()
    {
        var (cpo, _, url) = await PushedLocationAsync();
        // The official example lacks required connector fields and uses "floor"; corrected here (see the digest).
        var evse = SpecExamples.Load("location_put_example_add_evse.json");
        evse.Remove("floor");
        evse["floor_level"] = "-1";
        evse["physical_reference"] = "3";
        evse["uid"] = "3258"; // location_example.json already has an EVSE 3256
        var connector = evse["connectors"]![0]!.AsObject();
        connector["power_type"] = "AC_3_PHASE";
        connector["max_voltage"] = 220;
        connector["max_amperage"] = 16;
        connector["last_updated"] = "2019-07-01T12:12:11Z";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, $"{url}/3258", cpo.TokenForEmsp, rawBody: evse.ToJsonString());

        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        var stored = await GetAsync(cpo, url);
        stored["evses"]!.AsArray().Count.ShouldBe(3);
        stored["last_updated"]!.GetValue<string>().ShouldBe(evse["last_updated"]!.GetValue<string>());

        connector["max_amperage"] = 32;
        connector["last_updated"] = "2030-01-01T00:00:00Z";
        var replaced = await cpo.CallEmspAsync(HttpMethod.Put, $"{url}/3258/{connector["id"]}", cpo.TokenForEmsp, rawBody: connector.ToJsonString());
        replaced.HttpStatus.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(cpo, $"{url}/3258/{connector["id"]}"))["max_amperage"]!.GetValue<int>().ShouldBe(32);
        (await GetAsync(cpo, url))["last_updated"]!.GetValue<string>().ShouldBe("2030-01-01T00:00:00Z");
    }

    [Fact]
    public async Task an_older_push_is_recorded_but_does_not_roll_the_state_back()
    {
        var (cpo, location, url) = await PushedLocationAsync();
        var evseUrl = $"{url}/{location["evses"]![0]!["uid"]}";
        var newer = new JsonObject { ["status"] = "CHARGING", ["last_updated"] = "2031-01-01T10:00:00Z" };
        var older = new JsonObject { ["status"] = "AVAILABLE", ["last_updated"] = "2031-01-01T09:00:00Z" };
        await cpo.CallEmspAsync(HttpMethod.Patch, evseUrl, cpo.TokenForEmsp, rawBody: newer.ToJsonString());

        var stale = await cpo.CallEmspAsync(HttpMethod.Patch, evseUrl, cpo.TokenForEmsp, rawBody: older.ToJsonString());

        stale.HttpStatus.ShouldBe(HttpStatusCode.OK);
        stale.StatusCode.ShouldBe(1000);
        stale.StatusMessage!.ShouldContain("not applied");
        (await GetAsync(cpo, evseUrl))["status"]!.GetValue<string>().ShouldBe("CHARGING");
        var key = $"location:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:LOC1";
        (await emsp.EventTypesAsync(key)).ShouldBe(["LocationPut", "EvsePatched", "LocationStaleUpdateIgnored"]);
    }

    [Fact]
    public async Task fifty_parallel_status_patches_on_one_location_lose_no_event()
    {
        var (cpo, location, url) = await PushedLocationAsync();
        var evseUids = location["evses"]!.AsArray().Select(e => e!["uid"]!.GetValue<string>()).ToArray();
        var start = DateTimeOffset.Parse("2032-01-01T00:00:00Z");

        var patches = Enumerable.Range(0, 50).Select(i =>
        {
            var patch = new JsonObject
            {
                ["status"] = i % 2 == 0 ? "CHARGING" : "AVAILABLE",
                ["last_updated"] = start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            };
            return cpo.CallEmspAsync(HttpMethod.Patch, $"{url}/{evseUids[i % evseUids.Length]}", cpo.TokenForEmsp, rawBody: patch.ToJsonString());
        });
        var results = await Task.WhenAll(patches);

        results.ShouldAllBe(r => r.StatusCode == 1000);
        var key = $"location:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:LOC1";
        var events = await emsp.EventTypesAsync(key);
        events.Count.ShouldBe(51);
        // Every patch is an event; each EVSE ends with the newest status it was sent, never an older one.
        var stored = await GetAsync(cpo, url);
        for (var e = 0; e < evseUids.Length; e++)
        {
            var last = Enumerable.Range(0, 50).Where(i => i % evseUids.Length == e).Max();
            var appliedOrStale = events.Count(t => t is "EvsePatched" or "LocationStaleUpdateIgnored");
            appliedOrStale.ShouldBe(50);
            stored["evses"]![e]!["status"]!.GetValue<string>().ShouldBe(last % 2 == 0 ? "CHARGING" : "AVAILABLE");
            stored["evses"]![e]!["last_updated"]!.GetValue<string>().ShouldBe(start.AddSeconds(last).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        }
    }
}
