using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Fluent;
using Npgsql;
using Ocpi.Emsp.Tests.ChargingProfiles;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Fuzz;

public sealed class InternalWriteFuzzFixture : EmspFixture;

/// <summary>
/// The internal API's writes (commands, charging profiles, tokens, partners) under generated hostile requests with a
/// fixed seed: mutated JSON bodies (bad UTF-8, lone surrogates, deep nesting, huge values, wrong types), odd ids in every
/// path segment and odd query values. Never a 5xx; only the answers the endpoint documents; a 400 is a problem document
/// that, for a body that is JSON, names the field; a refused request records nothing.
/// </summary>
public sealed class InternalWriteFuzzTests(InternalWriteFuzzFixture emsp) : IClassFixture<InternalWriteFuzzFixture>
{
    private const int BodiesPerEndpoint = 30;
    private const int UrlsPerEndpoint = 10;

    /// <summary>
    /// A write: a valid request, its path with one segment replaced (an odd id) or its query value replaced, the statuses
    /// it documents (no 5xx, but for a registration the partner's failure: 502), and the event types an accepted request records.
    /// </summary>
    private sealed record Write(HttpMethod Method, string Path, byte[]? Body, int Segments, Func<int, string, string> WithSegment,
        int[] Answers, string[] Records);

    public static TheoryData<string> Writes => new()
    {
        "POST commands", "PUT charging-profile", "GET charging-profile", "DELETE charging-profile", "PUT token", "PATCH token",
        "PUT token policy", "POST partner invitation", "POST partner registration", "POST partner rotation", "DELETE partner",
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task hostile_writes_never_get_a_5xx_only_documented_answers_and_record_nothing_when_refused(string name)
    {
        var write = await SetUpAsync(name);
        var seed = HostileGen.SeedFor(name);
        using var client = emsp.InternalApi();
        var requests = new List<(string Path, byte[]? Body)>();
        if (write.Body is not null)
            requests.AddRange(HostileGen.Sample(HostileGen.Mutated(write.Body), BodiesPerEndpoint, seed).Select(b => (write.Path, (byte[]?)b)));
        var odd = from id in Gen.OneOf(HostileGen.OddId, HostileGen.OddQueryValue.Where(v => v is not ("%00" or ""))) from segment in Gen.Choose(0, write.Segments - 1)
            select (id, segment);
        requests.AddRange(HostileGen.Sample(odd, UrlsPerEndpoint, seed + 1).Select(o => (write.WithSegment(o.segment, o.id), write.Body)));

        var refused = 0;
        foreach (var (path, body) in requests)
        {
            var before = await RecordedAsync(write.Records);
            using var request = new HttpRequestMessage(write.Method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new("application/json");
            }
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var what = $"{name} {path} {(body is null ? "" : Encoding.UTF8.GetString(body[..Math.Min(600, body.Length)]))}: HTTP {status} {text[..Math.Min(400, text.Length)]}";

            // A ".." segment is resolved away: the request names another URL, which only must not fail or store.
            status.ShouldBeOneOf(path.Contains("%2E%2E", StringComparison.Ordinal) ? [.. write.Answers, 404, 405] : write.Answers, what);
            if (status == 400) ShouldNameTheProblem(text, body, what);
            if (status >= 300)
            {
                refused++;
                (await RecordedAsync(write.Records)).ShouldBe(before, what);
            }
        }
        refused.ShouldBeGreaterThan(0);
    }

    public static TheoryData<string, string, string, string> UnreadableBodies => new()
    {
        { "POST", "/api/commands", """{"cpo": {"country_code": "DE", "party_id": "\ud800"}, "type": "STOP_SESSION", "request": {"session_id": "S1"}}""", "cpo.party_id" },
        { "POST", "/api/commands", """{"cpo": {"country_code": "DE", "party_id": "ABC"}, "type": "STOP_SESSION", "request": {"session_id": "S1", "session_id": "S2"}}""", "request.session_id" },
        { "PUT", "/api/sessions/DE/ABC/S1/charging-profile", """{"charging_rate_unit": "<FF>", "charging_profile_period": []}""", "charging_rate_unit" },
        { "PUT", "/api/tokens/DUP1?type=RFID", """{"valid": true, "valid": false}""", "valid" },
        { "PATCH", "/api/tokens/DUP1", """{"visual_number": "a\u0000b"}""", "visual_number" },
        { "PUT", "/api/tokens/DUP1/policy", """{"no_credit": "yes"}""", "no_credit" },
        { "POST", "/api/partners/invitations", """{"label": "a\u0000b"}""", "label" },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task an_internal_body_that_cannot_be_read_or_stored_is_refused_with_400_naming_the_field_and_records_nothing(
        string method, string path, string body, string field)
    {
        string[] writes = ["command_requested", "charging_profile_requested", "token_issued", "token_replaced", "token_patched", "token_policy_set", "partner_invited"];
        var before = await RecordedAsync(writes);
        // <FF> stands for a byte that is never UTF-8.
        var raw = body.Split("<FF>").Select(Encoding.UTF8.GetBytes).Aggregate((a, b) => [.. a, 0xFF, .. b]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");

        using var response = await emsp.InternalApi().SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(400, text);
        JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(text);
        (await RecordedAsync(writes)).ShouldBe(before);
    }

    /// <summary>A problem document; for a body that is a JSON object or array (so a field can be wrong), its errors name one.</summary>
    private static void ShouldNameTheProblem(string text, byte[]? body, string what)
    {
        var problem = JsonDocument.Parse(text).RootElement;
        problem.TryGetProperty("title", out _).ShouldBeTrue(what);
        if (body is null || !IsJson(body)) return;
        problem.TryGetProperty("errors", out var errors).ShouldBeTrue(what);
        errors.EnumerateObject().ShouldNotBeEmpty(what);
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<Write> SetUpAsync(string name)
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        cpo.Commands.Result = null;
        cpo.ChargingProfiles.Result = null;
        var party = cpo.Options.Party;
        byte[] B(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
        string[] requested = ["charging_profile_requested"];
        string[] tokenEvents = ["token_issued", "token_replaced", "token_patched", "token_policy_set"];
        string[] partnerEvents = ["partner_invited", "partner_registered", "partner_credentials_updated", "partner_unregistered"];

        switch (name)
        {
            case "POST commands":
            {
                var uid = await OurTokenAsync();
                var body = new JsonObject
                {
                    ["cpo"] = new JsonObject { ["country_code"] = party.CountryCode, ["party_id"] = party.PartyId }, ["type"] = "START_SESSION",
                    ["request"] = new JsonObject
                    {
                        ["token"] = new JsonObject { ["uid"] = uid, ["type"] = "APP_USER" }, ["location_id"] = "LOC1", ["evse_uid"] = "EVSE1", ["connector_id"] = "1",
                    },
                };
                return new(HttpMethod.Post, "/api/commands", B(body), 1, (_, q) => $"/api/commands?x={q}", [202, 400, 404, 409], ["command_requested"]);
            }
            case "PUT charging-profile" or "GET charging-profile" or "DELETE charging-profile":
            {
                var sessionId = await ChargingProfilesFixture.PushSessionAsync(cpo);
                string[] segments = [party.CountryCode, party.PartyId, sessionId];
                string Path(int i, string id) =>
                    $"/api/sessions/{string.Join('/', segments.Select((s, j) => j == i ? id : s))}/charging-profile";
                if (name.StartsWith("PUT", StringComparison.Ordinal))
                {
                    var profile = JsonNode.Parse("""{"start_date_time": "2025-01-01T10:00:00Z", "duration": 3600, "charging_rate_unit": "W", "min_charging_rate": 1000.5, "charging_profile_period": [{"start_period": 0, "limit": 7400.0}, {"start_period": 1800, "limit": 3700.0}]}""")!;
                    return new(HttpMethod.Put, Path(-1, ""), B(profile), 3, Path, [202, 400, 404, 409], requested);
                }
                if (name.StartsWith("GET", StringComparison.Ordinal))
                    return new(HttpMethod.Get, Path(-1, "") + "?duration=900", null, 4,
                        (i, id) => i == 3 ? $"{Path(-1, "")}?duration={id}" : $"{Path(i, id)}?duration=900", [202, 400, 404, 409], requested);
                return new(HttpMethod.Delete, Path(-1, ""), null, 3, Path, [202, 404, 409], requested);
            }
            case "PUT token":
            {
                var uid = "FZ" + Guid.NewGuid().ToString("N")[..10];
                var token = TokensFixture.NewToken(uid, "APP_USER");
                token["visual_number"] = "DF000-2001-8999";
                token["group_id"] = "DF000-2001";
                token["default_profile_type"] = "GREEN";
                token["energy_contract"] = new JsonObject { ["supplier_name"] = "Greenpeace Energy eG", ["contract_id"] = "0123456789" };
                return new(HttpMethod.Put, $"/api/tokens/{uid}?type=APP_USER", B(token), 2,
                    (i, id) => i == 0 ? $"/api/tokens/{id}?type=APP_USER" : $"/api/tokens/{uid}?type={id}", [200, 201, 400], tokenEvents);
            }
            case "PATCH token" or "PUT token policy":
            {
                var uid = await OurTokenAsync();
                if (name == "PATCH token")
                    return new(HttpMethod.Patch, $"/api/tokens/{uid}?type=APP_USER", B(new JsonObject { ["valid"] = false, ["whitelist"] = "NEVER", ["visual_number"] = "V1" }), 2,
                        (i, id) => i == 0 ? $"/api/tokens/{id}?type=APP_USER" : $"/api/tokens/{uid}?type={id}", [200, 400, 404], tokenEvents);
                var policy = JsonNode.Parse("""{"expires_at": "2030-01-01T00:00:00Z", "no_credit": true, "allowed_locations": [{"country_code": "DE", "party_id": "ABC", "location_id": "LOC1", "evse_uids": ["E1"]}]}""")!;
                return new(HttpMethod.Put, $"/api/tokens/{uid}/policy?type=APP_USER", B(policy), 2,
                    (i, id) => i == 0 ? $"/api/tokens/{id}/policy?type=APP_USER" : $"/api/tokens/{uid}/policy?type={id}", [200, 400, 404], tokenEvents);
            }
            case "POST partner invitation":
                return new(HttpMethod.Post, "/api/partners/invitations", B(new JsonObject { ["label"] = "Fuzz CPO" }), 1,
                    (_, q) => $"/api/partners/invitations?x={q}", [201, 400], partnerEvents);
            case "POST partner registration":
                // A port nobody listens on: a valid request fails fast with 502 and registers nothing.
                return new(HttpMethod.Post, "/api/partners/registrations",
                    B(new JsonObject { ["versions_url"] = "http://127.0.0.1:9/ocpi/versions", ["token_a"] = "abc-123", ["label"] = "Fuzz" }), 1,
                    (_, q) => $"/api/partners/registrations?x={q}", [400, 502], partnerEvents);
            case "POST partner rotation":
                return new(HttpMethod.Post, $"/api/partners/{partnerId}-x/credentials/rotate", null, 1,
                    (_, id) => $"/api/partners/{id}/credentials/rotate", [404], partnerEvents);
            default:
                return new(HttpMethod.Delete, $"/api/partners/{partnerId}-x", null, 2,
                    (i, id) => i == 0 ? $"/api/partners/{id}" : $"/api/partners/{partnerId}-x?force={id}", [400, 404], partnerEvents);
        }
    }

    private async Task<string> OurTokenAsync()
    {
        var uid = "FZ" + Guid.NewGuid().ToString("N")[..10];
        using var put = await emsp.InternalApi().PutAsync($"/api/tokens/{uid}?type=APP_USER",
            new StringContent(TokensFixture.NewToken(uid, "APP_USER").ToJsonString(), Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();
        return uid;
    }

    /// <summary>Events of the types an accepted request records (background work — sends, answers, pushes — records others).</summary>
    private async Task<long> RecordedAsync(string[] types)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from emsp.mt_events where type = any($1)", connection);
        command.Parameters.AddWithValue(types);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
