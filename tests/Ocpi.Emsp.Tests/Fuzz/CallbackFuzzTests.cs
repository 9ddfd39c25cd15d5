using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Fluent;
using Npgsql;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.ChargingProfiles;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Fuzz;

public sealed class CallbackFuzzFixture : EmspFixture;

/// <summary>
/// The endpoints a CPO or a Hub calls back on (command results, charging profile results, ActiveChargingProfile pushes,
/// Hub ClientInfo) under generated hostile requests with a fixed seed: mutated bodies, odd ids in every URL segment, and
/// a valid body from the wrong partner. Never an HTTP 5xx; always an envelope; a bad body is HTTP 400/2000 or 2001, an
/// unknown object or a foreign partner 404/2001, a non-Hub 403; a refused request changes no event and no view.
/// </summary>
public sealed class CallbackFuzzTests(CallbackFuzzFixture emsp) : IClassFixture<CallbackFuzzFixture>
{
    private const int BodiesPerEndpoint = 30;
    private const int UrlsPerEndpoint = 10;

    /// <summary>The streams these endpoints write and the views they keep.</summary>
    private static readonly string[] Prefixes = ["command:%", "chargingprofiles:%", "HUBPARTY:%"];
    private static readonly string[] Views = ["mt_doc_commandview", "mt_doc_chargingprofileview", "mt_doc_hubpartyview"];

    /// <summary>An endpoint: who calls it, a valid request, its URL with one segment replaced, and who must be refused.</summary>
    private sealed record Endpoint(CpoSimulator.CpoSimulator Caller, HttpMethod Method, string Url, byte[] Body, int Segments,
        Func<int, string, string> WithSegment, CpoSimulator.CpoSimulator Foreign, (HttpStatusCode, int) ForeignAnswer);

    public static TheoryData<string> Endpoints => new()
    {
        "POST command result", "POST set result", "POST active result", "POST clear result", "PUT active profile",
        "PUT client info as hub", "PUT client info as non-hub",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task hostile_callbacks_never_get_a_5xx_answer_by_the_spec_status_rules_and_store_nothing_when_refused(string name)
    {
        var endpoint = await SetUpAsync(name);
        var seed = HostileGen.SeedFor(name);
        using var client = emsp.Host.Server.CreateClient();

        int stored = 0, refused = 0;
        foreach (var body in HostileGen.Sample(HostileGen.Mutated(endpoint.Body), BodiesPerEndpoint, seed))
        {
            var (answer, what, changed) = await SendAsync(client, endpoint.Caller, endpoint.Method, endpoint.Url, body, name);
            if (name.EndsWith("non-hub", StringComparison.Ordinal))
                ((int)answer.Status, answer.StatusCode ?? 0).ShouldBeOneOf([(400, 2000), (200, 2001), (403, 2000)], what);
            else
                ((int)answer.Status, answer.StatusCode ?? 0).ShouldBeOneOf([(200, 1000), (201, 1000), (400, 2000), (200, 2001)], what);
            if (answer.StatusCode != 1000) changed.ShouldBeFalse(what);
            else if (changed) (await NewestEventsHoldAsync(body)).ShouldBeTrue($"accepted but not stored as sent: {what}");
            if (changed) stored++;
            if (answer.StatusCode != 1000) refused++;
        }
        // The mutations must reach both sides: some bodies still valid (the first is stored), most refused.
        if (!name.EndsWith("non-hub", StringComparison.Ordinal)) stored.ShouldBeGreaterThan(0);
        refused.ShouldBeGreaterThan(BodiesPerEndpoint / 4);

        var odd = from id in HostileGen.OddId from segment in Gen.Choose(0, endpoint.Segments - 1) select (id, segment);
        foreach (var (id, segment) in HostileGen.Sample(odd, UrlsPerEndpoint, seed + 1))
        {
            var url = endpoint.WithSegment(segment, id);
            var (answer, what, changed) = await SendAsync(client, endpoint.Caller, endpoint.Method, url, endpoint.Body, name);
            changed.ShouldBeFalse(what);
            answer.StatusCode.ShouldNotBe(1000, what);
            // A ".." segment is resolved away: the request names another URL, which only must not fail or store.
            if (!name.Contains("client info", StringComparison.Ordinal) && id != "%2E%2E") answer.Status.ShouldBe(HttpStatusCode.NotFound, what);
        }

        var (foreign, foreignWhat, foreignChanged) = await SendAsync(client, endpoint.Foreign, endpoint.Method, endpoint.Url, endpoint.Body, name);
        ((foreign.Status, foreign.StatusCode ?? 0)).ShouldBe(endpoint.ForeignAnswer, foreignWhat);
        foreignChanged.ShouldBeFalse(foreignWhat);
    }

    private async Task<(RawAnswer Answer, string What, bool Changed)> SendAsync(HttpClient client, CpoSimulator.CpoSimulator caller,
        HttpMethod method, string url, byte[] body, string name)
    {
        var before = await SnapshotAsync();
        var answer = await RawOcpi.SendAsync(client, method, url, caller.TokenForEmsp, body);
        var after = await SnapshotAsync();
        var what = $"{name} {method} {url} {Encoding.UTF8.GetString(body[..Math.Min(200, body.Length)])}: {answer}";
        ((int)answer.Status).ShouldBeLessThan(500, what);
        answer.IsEnvelope.ShouldBeTrue(what);
        return (answer, what, before != after);
    }

    private async Task<Endpoint> SetUpAsync(string name)
    {
        var cpo = await emsp.StartCpoAsync();
        await RegisterAsync(cpo);
        cpo.Commands.Result = null;
        cpo.Commands.Timeout = 3600; // no TIMEOUT event lands while the endpoint is under fire
        cpo.ChargingProfiles.Result = null;
        var (other, _) = await emsp.RegisteredCpoAsync();
        byte[] B(string json) => Encoding.UTF8.GetBytes(JsonNode.Parse(json)!.ToJsonString());
        var notFound = (HttpStatusCode.NotFound, 2001);

        if (name == "POST command result")
        {
            var url = await CommandResponseUrlAsync(cpo);
            var parts = new Uri(url).AbsolutePath.Split('/'); // /ocpi/2.3.0/commands/{TYPE}/{id}
            return new(cpo, HttpMethod.Post, url, B("""{"result": "ACCEPTED", "message": [{"language": "en", "text": "Charging"}]}"""), 2,
                (i, id) => $"{EmspFixture.PublicUrl}/ocpi/2.3.0/commands/{(i == 0 ? id : parts[4])}/{(i == 1 ? id : parts[5])}", other, notFound);
        }
        if (name.StartsWith("POST ", StringComparison.Ordinal))
        {
            var kind = name.Split(' ')[1];
            var url = await ChargingProfileResponseUrlAsync(cpo, kind);
            var parts = new Uri(url).AbsolutePath.Split('/'); // /ocpi/2.3.0/chargingprofiles/{kind}/{cc}/{pid}/{session_id}/{id}
            var body = kind == "active"
                ? """{"result": "ACCEPTED", "profile": {"start_date_time": "2025-01-01T10:00:00Z", "charging_profile": {"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 11000.0}]}}}"""
                : """{"result": "ACCEPTED"}""";
            return new(cpo, HttpMethod.Post, url, B(body), 5,
                (i, id) => $"{EmspFixture.PublicUrl}/ocpi/2.3.0/chargingprofiles/" + string.Join('/', parts[4..].Select((p, j) => j == i ? id : p)),
                other, notFound);
        }
        if (name == "PUT active profile")
        {
            var sessionId = await ChargingProfilesFixture.PushSessionAsync(cpo);
            var profiles = cpo.EmspEndpoint("chargingprofiles");
            return new(cpo, HttpMethod.Put, $"{profiles}/{sessionId}", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(CpoSimulator.CpoSimulator.ActiveProfile(3600))),
                1, (_, id) => $"{profiles}/{id}", other, notFound);
        }

        var behind = EmspFixture.NextParty();
        var hubOptions = new CpoSimulatorOptions { Party = EmspFixture.NextParty(), ExtraParties = [behind], HubPartyId = "NLHUB" };
        var hub = await emsp.StartCpoAsync(hubOptions);
        await RegisterAsync(hub);
        var asHub = name.EndsWith("as hub", StringComparison.Ordinal);
        var clientInfo = $$"""{"party_id": "{{behind.PartyId}}", "country_code": "{{behind.CountryCode}}", "role": "CPO", "status": "CONNECTED", "last_updated": "2026-01-01T10:00:00Z"}""";
        var module = hub.EmspEndpoint(ModuleId.HubClientInfo);
        return new(asHub ? hub : cpo, HttpMethod.Put, $"{module}/{behind.CountryCode}/{behind.PartyId}", B(clientInfo), 2,
            (i, id) => $"{module}/{(i == 0 ? id : behind.CountryCode)}/{(i == 1 ? id : behind.PartyId)}",
            asHub ? cpo : other, (HttpStatusCode.Forbidden, 2000));
    }

    private async Task RegisterAsync(CpoSimulator.CpoSimulator cpo)
    {
        var (_, tokenA) = await emsp.InviteAsync();
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA)).StatusCode.ShouldBe(1000);
    }

    /// <summary>A STOP_SESSION the CPO accepted and whose result it keeps back: the response_url it must post to.</summary>
    private async Task<string> CommandResponseUrlAsync(CpoSimulator.CpoSimulator cpo)
    {
        var party = cpo.Options.Party;
        var response = await emsp.InternalApi().PostAsJsonAsync("/api/commands", new
        {
            cpo = new { country_code = party.CountryCode, party_id = party.PartyId }, type = "STOP_SESSION", request = new { session_id = "S1" },
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.HoldsAsync(async () =>
            (await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/commands/{id}")).GetProperty("status").GetString() == "ACCEPTED",
            $"command {id} accepted by the CPO");
        return cpo.ReceivedCommands.ShouldHaveSingleItem().ResponseUrl;
    }

    /// <summary>A charging profile request of the kind the CPO accepted and whose result it keeps back: its response_url.</summary>
    private async Task<string> ChargingProfileResponseUrlAsync(CpoSimulator.CpoSimulator cpo, string kind)
    {
        var sessionId = await ChargingProfilesFixture.PushSessionAsync(cpo);
        var path = $"/api/sessions/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{sessionId}/charging-profile";
        var api = emsp.InternalApi();
        using var response = kind switch
        {
            "set" => await api.PutAsync(path, new StringContent(
                """{"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 7400.0}]}""", Encoding.UTF8, "application/json")),
            "active" => await api.GetAsync(path + "?duration=900"),
            _ => await api.DeleteAsync(path),
        };
        ((int)response.StatusCode).ShouldBe(202, await response.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(async () =>
        {
            var history = await api.GetFromJsonAsync<JsonElement>(path + "/history");
            return history.GetProperty("requests").EnumerateArray().Any(r => r.GetProperty("status").GetString() == "ACCEPTED");
        }, $"{kind} request accepted by the CPO");
        return cpo.ReceivedChargingProfileRequests.ShouldHaveSingleItem().ResponseUrl;
    }

    /// <summary>The events of these streams (count) and the views they keep (a digest): what a refused request must not move.</summary>
    private async Task<(long Events, string Views)> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        var digests = string.Join(" || ", Views.Select(v => $"(select coalesce(md5(string_agg(data::text, ',' order by id)), '') from emsp.{v})"));
        await using var command = new NpgsqlCommand(
            $"select (select count(*) from emsp.mt_events where stream_id like any($1)), {digests}", connection);
        command.Parameters.AddWithValue(Prefixes);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>The newest event of these streams holds the body as sent (semantically: jsonb orders members, normalises numbers).</summary>
    private async Task<bool> NewestEventsHoldAsync(byte[] body)
    {
        var sent = JsonDocument.Parse(body).RootElement;
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select data::text from emsp.mt_events where stream_id like any($1) order by seq_id desc limit 1", connection);
        command.Parameters.AddWithValue(Prefixes);
        var data = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement;
        return data.ValueKind == JsonValueKind.Object && data.EnumerateObject().Any(p => JsonElement.DeepEquals(p.Value, sent));
    }
}
