using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>Real-time authorization as mod_tokens.asciidoc describes it, and the decision kept as an event.</summary>
public sealed class AuthorizationTests(TokensFixture emsp) : IClassFixture<TokensFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Cpo, string Uid)> CpoAndTokenAsync(bool valid = true, object? policy = null, string type = "RFID")
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync(new() { Party = EmspFixture.NextParty(), Modules = [("locations", Protocol.Versions.InterfaceRole.SENDER)] });
        var uid = "A" + Guid.NewGuid().ToString("N")[..12];
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid, type, valid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        if (policy is not null)
            (await emsp.InternalApi().PutAsJsonAsync($"/api/tokens/{uid}/policy?type={type}", policy)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (cpo, uid);
    }

    private static Task<CpoSimulator.OcpiCallResult> AuthorizeAsync(CpoSimulator.CpoSimulator cpo, string uid, string? type = null, JsonObject? location = null) =>
        cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize" + (type is null ? "" : $"?type={type}"),
            cpo.TokenForEmsp, rawBody: location?.ToJsonString());

    [Fact]
    public async Task a_valid_token_is_allowed_with_the_complete_token_and_a_reference_that_is_recorded()
    {
        var (cpo, uid) = await CpoAndTokenAsync();

        var result = await AuthorizeAsync(cpo, uid);

        result.HttpStatus.ShouldBe(HttpStatusCode.OK);
        result.StatusCode.ShouldBe(1000);
        result.Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        result.Data.GetProperty("token").GetProperty("uid").GetString().ShouldBe(uid);
        result.Data.GetProperty("token").GetProperty("contract_id").GetString().ShouldBe("NL-EMS-C" + uid);
        var reference = result.Data.GetProperty("authorization_reference").GetString()!;
        reference.Length.ShouldBeLessThanOrEqualTo(36);
        // Stored behind the answer, normally within milliseconds.
        await Eventually.HoldsAsync(async () => (await emsp.EventTypesAsync($"authorization:{reference}")).SequenceEqual(["AuthorizationDecided"]),
            "the decision stored as the one event of its stream");
    }

    [Fact]
    public async Task sessions_and_cdrs_carrying_the_reference_are_matched_to_the_decision()
    {
        var (cpo, uid) = await CpoAndTokenAsync();
        var reference = (await AuthorizeAsync(cpo, uid)).Data.GetProperty("authorization_reference").GetString()!;
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["authorization_reference"] = reference;
        var cdr = Cdrs.CdrExamples.Cdr(cpo);
        cdr["authorization_reference"] = reference;
        var party = cpo.Options.Party;
        (await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint("sessions")}/{party.CountryCode}/{party.PartyId}/{session["id"]}",
            cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        (await Cdrs.CdrExamples.PostAsync(cpo, cdr)).StatusCode.ShouldBe(1000);

        await Eventually.HoldsAsync(async () => (await emsp.InternalApi().GetAsync($"/api/authorizations/{reference}")).IsSuccessStatusCode, "decision stored");
        var matched = await emsp.InternalApi().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/authorizations/{reference}");

        matched.GetProperty("decision").GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        matched.GetProperty("decision").GetProperty("contract_id").GetString().ShouldBe("NL-EMS-C" + uid);
        matched.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()).ShouldBe([$"session:{party.CountryCode}-{party.PartyId}:{session["id"]!.GetValue<string>().ToUpperInvariant()}"]);
        matched.GetProperty("cdrs").GetArrayLength().ShouldBe(1);
        matched.GetProperty("history")[0].GetProperty("headers").GetProperty("ocpi_from").GetString().ShouldBe(party.ToString());
    }

    [Fact]
    public async Task decisions_are_committed_without_waiting_for_the_disk_while_partner_pushes_still_wait()
    {
        static async Task<string> SettingAsync(Npgsql.NpgsqlConnection connection, string name)
        {
            await using (connection)
            {
                await connection.OpenAsync();
                await using var show = new Npgsql.NpgsqlCommand($"show {name}", connection);
                return (string)(await show.ExecuteScalarAsync())!;
            }
        }
        // The test server does not flush anyway: the operator's connection options ask for it here.
        var operatorSettings = $"{emsp.ConnectionString};Options=-c synchronous_commit=on -c statement_timeout=12345";
        var decisions = new Emsp.Tokens.AuthorizationDecisionConnections(operatorSettings);
        var pushes = new Emsp.Storage.GroupCommitConnections(operatorSettings);
        await using var _ = decisions;
        await using var __ = pushes;

        (await SettingAsync(decisions.CreateConnection(), "synchronous_commit")).ShouldBe("off");
        (await SettingAsync(decisions.CreateConnection(), "statement_timeout")).ShouldBe("12345ms");
        (await SettingAsync(pushes.CreateConnection(), "synchronous_commit")).ShouldBe("on");
    }

    [Fact]
    public async Task an_unknown_token_is_404_with_2004_and_no_data()
    {
        var (cpo, uid) = await CpoAndTokenAsync();

        var unknown = await AuthorizeAsync(cpo, "NOSUCHTOKEN");
        var wrongType = await AuthorizeAsync(cpo, uid, "APP_USER");

        foreach (var result in new[] { unknown, wrongType })
        {
            result.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
            result.StatusCode.ShouldBe(2004);
            result.Envelope!.Value.TryGetProperty("data", out _).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task the_type_defaults_to_rfid_and_lookups_ignore_case()
    {
        var (cpo, uid) = await CpoAndTokenAsync(type: "APP_USER");
        var (rfidCpo, rfidUid) = await CpoAndTokenAsync();

        (await AuthorizeAsync(cpo, uid.ToLowerInvariant(), "APP_USER")).Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        (await AuthorizeAsync(rfidCpo, rfidUid.ToLowerInvariant())).Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
    }

    [Fact]
    public async Task a_blocked_token_is_known_but_blocked_without_a_reference()
    {
        var (cpo, uid) = await CpoAndTokenAsync(valid: false);

        var result = await AuthorizeAsync(cpo, uid);

        result.StatusCode.ShouldBe(1000);
        result.Data.GetProperty("allowed").GetString().ShouldBe("BLOCKED");
        result.Data.TryGetProperty("authorization_reference", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task an_expired_token_is_expired()
    {
        var (cpo, uid) = await CpoAndTokenAsync(policy: new { expires_at = "2020-01-01T00:00:00Z" });

        (await AuthorizeAsync(cpo, uid)).Data.GetProperty("allowed").GetString().ShouldBe("EXPIRED");
    }

    [Fact]
    public async Task a_location_restricted_token_needs_a_location_and_gets_only_its_allowed_evses()
    {
        var party = EmspFixture.NextParty();
        var (cpo, _) = await emsp.RegisteredCpoAsync(new() { Party = party, Modules = [("locations", Protocol.Versions.InterfaceRole.SENDER)] });
        var uid = "R" + Guid.NewGuid().ToString("N")[..12];
        await emsp.PutTokenAsync(TokensFixture.NewToken(uid));
        await emsp.InternalApi().PutAsJsonAsync($"/api/tokens/{uid}/policy", new
        {
            allowed_locations = new[] { new { country_code = party.CountryCode, party_id = party.PartyId, location_id = "HOME1", evse_uids = new[] { "E1", "E2" } } },
        });

        var noLocation = await AuthorizeAsync(cpo, uid);
        var elsewhere = await AuthorizeAsync(cpo, uid, location: new JsonObject { ["location_id"] = "OTHER" });
        var partly = await AuthorizeAsync(cpo, uid, location: new JsonObject { ["location_id"] = "home1", ["evse_uids"] = new JsonArray("E2", "E3") });
        var wrongEvse = await AuthorizeAsync(cpo, uid, location: new JsonObject { ["location_id"] = "HOME1", ["evse_uids"] = new JsonArray("E9") });

        noLocation.StatusCode.ShouldBe(2002);
        elsewhere.Data.GetProperty("allowed").GetString().ShouldBe("NOT_ALLOWED");
        elsewhere.Data.TryGetProperty("location", out _).ShouldBeFalse();
        partly.Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        partly.Data.GetProperty("location").GetProperty("evse_uids").EnumerateArray().Select(e => e.GetString()).ShouldBe(["E2"]);
        wrongEvse.Data.GetProperty("allowed").GetString().ShouldBe("NOT_ALLOWED");
    }

    [Fact]
    public async Task an_unrestricted_token_echoes_the_requested_location()
    {
        var (cpo, uid) = await CpoAndTokenAsync();

        var result = await AuthorizeAsync(cpo, uid, location: new JsonObject { ["location_id"] = "LOC1", ["evse_uids"] = new JsonArray("3256") });

        result.Data.GetProperty("location").GetProperty("location_id").GetString().ShouldBe("LOC1");
    }

    [Theory]
    [InlineData("{\"location_id\": ", 400, null)]
    [InlineData("{\"evse_uids\": []}", 200, 2001)]
    [InlineData("{\"location_id\": 5}", 200, 2001)]
    public async Task a_bad_location_body_is_refused(string body, int http, int? ocpi)
    {
        var (cpo, uid) = await CpoAndTokenAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp, rawBody: body);

        ((int)result.HttpStatus).ShouldBe(http);
        if (ocpi is { } code) result.StatusCode.ShouldBe(code);
    }

    [Fact]
    public async Task partners_cannot_write_our_tokens()
    {
        var (cpo, uid) = await CpoAndTokenAsync();
        var url = $"{cpo.EmspEndpoint("tokens")}/NL/EMS/{uid}";

        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: TokensFixture.NewToken(uid).ToJsonString()))
            .HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }
}
