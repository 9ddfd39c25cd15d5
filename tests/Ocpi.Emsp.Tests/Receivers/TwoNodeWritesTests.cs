using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Locations;
using Ocpi.Emsp.Tests.Sessions;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Receivers;

/// <summary>
/// Two service nodes on one database take concurrent status PATCHes for the EVSEs of one Location. Each node
/// group-commits its own pushes; a push whose Location another node changed after it was read is caught by the expected
/// stream version and decided again (with 200 PATCHes a run typically sees a handful of such conflicts; the
/// deterministic case is in <see cref="GroupCommitTests"/>). No push may be lost, every EVSE must end with its
/// newest status, and a conflict must not cost a sequence number: the conflict is caught before the events insert, so
/// mt_events_sequence has no gap for the async daemon to wait on.
/// </summary>
public sealed class TwoNodeWritesTests : IAsyncLifetime
{
    private const string ApiKey = "test-api-key";
    private const int Patches = 200;
    private readonly List<IAlbaHost> _nodes = [];
    private CpoSimulator.CpoSimulator? _cpo;
    private string _database = "";

    public async Task InitializeAsync()
    {
        var database = _database = await TestPostgres.CreateDatabaseAsync("two_node_writes");
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
        await ShouldHaveNoSequenceGapAsync();
    }

    /// <summary>
    /// The guarantee: an event's timestamp is the database's clock at the start of the transaction that stored it, the
    /// same for every event of that transaction and for its stream row, whatever node wrote it; so a push received after
    /// another one was answered (on any node) comes later in both sequence and time. Transactions that overlap in time
    /// are in no particular order (their sequence numbers are taken while both run); nothing is promised for them.
    /// </summary>
    [Fact]
    public async Task events_of_both_nodes_carry_the_database_clock_of_their_transaction_and_follow_answered_pushes_in_time()
    {
        _cpo = await RegisteredCpoAsync(_nodes[0]);
        var clients = _nodes.Select(node => CpoClient(node, _cpo.TokenForEmsp!)).ToArray();
        var ids = Enumerable.Range(0, 40).Select(i => $"TS{i:D2}").ToArray();

        var concurrent = await Task.WhenAll(ids.Select((id, i) => SendAsync(clients[i % 2], HttpMethod.Put, SessionUrl(id), Session(id))));
        concurrent.ShouldAllBe(code => code == 1000);
        var answeredBefore = (await ScalarsAsync("select max(seq_id) from emsp.mt_events"))[0];
        for (var i = 0; i < 10; i++)
        {
            var patch = new JsonObject { ["kwh"] = i, ["last_updated"] = $"2033-01-01T00:00:{i:D2}Z" };
            (await SendAsync(clients[i % 2], HttpMethod.Patch, SessionUrl(ids[i % 3]), patch)).ShouldBe(1000);
        }

        var shared = await ScalarsAsync("select count(*) from (select 1 from emsp.mt_events where stream_id like 'session:%' " +
            "group by xmin::text having count(*) > 1) as t");
        shared[0].ShouldBeGreaterThan(0, "concurrent pushes must have shared transactions for this test to say anything");
        var mixed = await ScalarsAsync("select count(*) from (select 1 from emsp.mt_events " +
            "where stream_id like 'session:%' group by xmin::text having count(distinct timestamp) > 1) as t");
        mixed[0].ShouldBe(0, "the events of one transaction carry one timestamp, its start on the database clock");
        var apart = await ScalarsAsync("select count(*) from emsp.mt_streams as s join emsp.mt_events as e on e.stream_id = s.id and e.version = s.version " +
            "where s.id like 'session:%' and e.timestamp <> s.timestamp");
        apart[0].ShouldBe(0, "a stream's newest event and its stream row were stamped by the same transaction's clock");
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select timestamp from emsp.mt_events where seq_id > $1 order by seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = answeredBefore });
        var times = new List<DateTime>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) times.Add(reader.GetDateTime(0));
        times.Count.ShouldBe(10);
        times.ShouldBe(times.Order().ToList(), "pushes each sent after the previous one was answered, alternating nodes");
    }

    /// <summary>
    /// Once a node's Session PUTs kept creating new Sessions, it decides the next ones as new without a load
    /// (<see cref="NewStreamGuess"/>). A Session another node created meanwhile is caught by the database: nothing of that
    /// batch is stored, no sequence number is lost, and the PUT is decided again on the stored Session (a replacement,
    /// 200); after that wrong guess the node loads again.
    /// </summary>
    [Fact]
    public async Task a_session_put_decided_as_new_for_a_session_another_node_created_replaces_it_with_no_sequence_gap()
    {
        _cpo = await RegisteredCpoAsync(_nodes[0]);
        var clients = _nodes.Select(node => CpoClient(node, _cpo.TokenForEmsp!)).ToArray();
        var guess = _nodes[0].Services.GetRequiredService<GroupCommit>().Guess;
        for (var i = 0; i <= NewStreamGuess.Streak; i++)
            (await SendAsync(clients[0], HttpMethod.Put, SessionUrl($"NEW{i:D2}"), Session($"NEW{i:D2}"))).ShouldBe(1000);
        guess.Unloaded.ShouldBe(1, "the PUT after a streak of new Sessions is decided without a load");
        (await SendAsync(clients[1], HttpMethod.Put, SessionUrl("SHARED"), Session("SHARED"))).ShouldBe(1000);

        var newer = Session("SHARED");
        newer["kwh"] = 5;
        newer["last_updated"] = "2033-01-01T00:00:00Z";
        var (http, code) = await SendForStatusAsync(clients[0], HttpMethod.Put, SessionUrl("SHARED"), newer);

        (http, code).ShouldBe((HttpStatusCode.OK, 1000), "a replacement of the stored Session, not a creation");
        (guess.Unloaded, guess.Wrong).ShouldBe((2, 1));
        await using var query = _nodes[1].Services.GetRequiredService<IDocumentStore>().QuerySession();
        var key = SessionPushTests.Key(_cpo, "SHARED");
        (await query.Events.FetchStreamAsync(key)).Select(e => (e.Data.GetType().Name, e.Version)).ShouldBe([("SessionPut", 1), ("SessionPut", 2)]);
        (await query.LoadAsync<SessionView>(key))!.Kwh.ShouldBe(5m);
        await ShouldHaveNoSequenceGapAsync();

        (await SendAsync(clients[0], HttpMethod.Put, SessionUrl("AFTER"), Session("AFTER"))).ShouldBe(1000);
        guess.Unloaded.ShouldBe(2, "after a wrong guess new Sessions are loaded until a new streak");
    }

    /// <summary>The same for a CDR: POSTed again to a node that took it for new, it is answered as the redelivery it is.</summary>
    [Fact]
    public async Task a_cdr_post_decided_as_new_for_a_cdr_another_node_stored_is_answered_as_a_redelivery()
    {
        _cpo = await RegisteredCpoAsync(_nodes[0]);
        var clients = _nodes.Select(node => CpoClient(node, _cpo.TokenForEmsp!)).ToArray();
        var guess = _nodes[0].Services.GetRequiredService<GroupCommit>().Guess;
        var cdrs = _cpo.EmspEndpoint("cdrs");
        for (var i = 0; i <= NewStreamGuess.Streak; i++)
            (await SendAsync(clients[0], HttpMethod.Post, cdrs, CdrExamples.Cdr(_cpo, $"NEWCDR{i:D2}"))).ShouldBe(1000);
        guess.Unloaded.ShouldBe(1);
        (await SendForStatusAsync(clients[1], HttpMethod.Post, cdrs, CdrExamples.Cdr(_cpo, "SHAREDCDR"))).ShouldBe((HttpStatusCode.Created, 1000));

        var again = await SendForStatusAsync(clients[0], HttpMethod.Post, cdrs, CdrExamples.Cdr(_cpo, "SHAREDCDR"));

        again.ShouldBe((HttpStatusCode.OK, 1000), "the same CDR again is a redelivery");
        (guess.Unloaded, guess.Wrong).ShouldBe((2, 1));
        await using var query = _nodes[1].Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await query.Events.FetchStreamAsync(CdrExamples.Key(_cpo, "SHAREDCDR"))).Select(e => e.Data.GetType().Name)
            .Where(t => t != nameof(CdrCostChecked)).ShouldBe([nameof(CdrReceived), nameof(CdrRedelivered)]);
        // No sequence check here: the cost check appends to the same CDR stream through a Marten session, whose own
        // conflict with the redelivery may cost a number.
    }

    private async Task ShouldHaveNoSequenceGapAsync()
    {
        var sequence = await ScalarsAsync(
            "select (select last_value from emsp.mt_events_sequence), (select max(seq_id) from emsp.mt_events), (select count(*) from emsp.mt_events)");
        sequence.ShouldAllBe(n => n == sequence[0], "every sequence number taken belongs to a stored event: no gap");
    }

    private string SessionUrl(string id) => SessionPushTests.SessionUrl(_cpo!, id);

    private JsonObject Session(string id)
    {
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", _cpo!.Options.Party);
        session["id"] = id;
        return session;
    }

    private static async Task<int> SendAsync(HttpClient client, HttpMethod method, string url, JsonObject body) =>
        (await SendForStatusAsync(client, method, url, body)).StatusCode;

    private static async Task<(HttpStatusCode Http, int StatusCode)> SendForStatusAsync(HttpClient client, HttpMethod method, string url, JsonObject body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status_code").GetInt32());
    }

    private async Task<long[]> ScalarsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i))).ToArray();
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
