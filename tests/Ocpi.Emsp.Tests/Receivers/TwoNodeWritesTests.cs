using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Locations;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Receivers;

/// <summary>
/// Two service nodes on one database take concurrent status PATCHes for the EVSEs of one Location. Each node
/// group-commits its own pushes; a push whose Location another node changed after it was read is caught by the expected
/// stream version and decided again (with 200 PATCHes a run typically sees a handful of such conflicts; the
/// deterministic case is in <see cref="GroupCommitTests"/>). No push may be lost, and every EVSE must end with its
/// newest status.
/// </summary>
public sealed class TwoNodeWritesTests : IAsyncLifetime
{
    private const string ApiKey = "test-api-key";
    private const int Patches = 200;
    private readonly List<IAlbaHost> _nodes = [];
    private CpoSimulator.CpoSimulator? _cpo;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync("two_node_writes");
        for (var i = 0; i < 2; i++)
            _nodes.Add(await AlbaHost.For<Program>(builder =>
            {
                builder.UseSetting("ConnectionStrings:Marten", database);
                builder.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
                builder.UseSetting("Emsp:ApiKey", ApiKey);
            }));
    }

    public async Task DisposeAsync()
    {
        if (_cpo is not null) await _cpo.DisposeAsync();
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    [Fact]
    public async Task concurrent_patches_through_two_nodes_lose_no_event_and_leave_every_evse_at_its_newest_status()
    {
        _cpo = await RegisteredCpoAsync(_nodes[0]);
        var location = SpecExamples.OwnedBy("location_example.json", _cpo.Options.Party);
        var url = LocationPushTests.LocationUrl(_cpo, "LOC1");
        (await _cpo.CallEmspAsync(HttpMethod.Put, url, _cpo.TokenForEmsp, rawBody: location.ToJsonString())).StatusCode.ShouldBe(1000);
        var evseUids = location["evses"]!.AsArray().Select(e => e!["uid"]!.GetValue<string>()).ToArray();
        var start = DateTimeOffset.Parse("2033-01-01T00:00:00Z");
        var clients = _nodes.Select(node => CpoClient(node, _cpo.TokenForEmsp!)).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, Patches).Select(async i =>
        {
            var patch = new JsonObject { ["status"] = Status(i), ["last_updated"] = Timestamp(start, i) };
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"{url}/{evseUids[i % evseUids.Length]}")
            {
                Content = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            using var response = await clients[i % clients.Length].SendAsync(request);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status_code").GetInt32();
        }));

        answers.ShouldAllBe(code => code == 1000);
        await using var query = _nodes[1].Services.GetRequiredService<IDocumentStore>().QuerySession();
        var key = $"location:{_cpo.Options.Party.CountryCode}-{_cpo.Options.Party.PartyId}:LOC1";
        var events = await query.Events.FetchStreamAsync(key);
        events.Count.ShouldBe(Patches + 1);
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, Patches + 1).Select(v => (long)v));
        events.Skip(1).Select(e => e.Data).ShouldAllBe(d => d is EvsePatched || d is LocationStaleUpdateIgnored);
        var view = (await query.LoadAsync<LocationView>(key))!;
        view.Version.ShouldBe(Patches + 1);
        for (var e = 0; e < evseUids.Length; e++)
        {
            var newest = Enumerable.Range(0, Patches).Where(i => i % evseUids.Length == e).Max();
            var evse = view.Location["evses"]![e]!;
            evse["status"]!.GetValue<string>().ShouldBe(Status(newest));
            evse["last_updated"]!.GetValue<string>().ShouldBe(Timestamp(start, newest));
        }
    }

    private static string Status(int i) => i % 2 == 0 ? "CHARGING" : "AVAILABLE";

    private static string Timestamp(DateTimeOffset start, int i) => start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static async Task<CpoSimulator.CpoSimulator> RegisteredCpoAsync(IAlbaHost node)
    {
        var cpo = await CpoSimulator.CpoSimulator.StartAsync(new() { Party = EmspFixture.NextParty() }, node.Server.CreateHandler());
        using var api = node.Server.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var invitation = await (await api.PostAsJsonAsync("/api/partners/invitations", new { label = "two nodes" })).Content.ReadFromJsonAsync<JsonElement>();
        var registration = await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, invitation.GetProperty("token_a").GetString()!);
        registration.StatusCode.ShouldBe(1000, registration.StatusMessage);
        return cpo;
    }

    /// <summary>The CPO's OCPI client for one node: its credentials token, Base64 as OCPI 2.2+ sends it.</summary>
    private static HttpClient CpoClient(IAlbaHost node, string token)
    {
        var client = node.Server.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation(OcpiHeaders.Authorization, "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)));
        return client;
    }
}
