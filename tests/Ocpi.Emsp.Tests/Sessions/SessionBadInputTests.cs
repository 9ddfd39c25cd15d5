using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using static Ocpi.Emsp.Tests.Sessions.SessionPushTests;

namespace Ocpi.Emsp.Tests.Sessions;

/// <summary>Every bad-input class on a Session PUT: the spec's status, a message naming the field, nothing stored.</summary>
public sealed class SessionBadInputTests(SessionsFixture emsp) : IClassFixture<SessionsFixture>
{
    private static readonly Dictionary<string, Action<JsonObject>> Spoilers = new()
    {
        ["missing required field"] = s => s.Remove("location_id"),
        ["missing required nested field"] = s => s["cdr_token"]!.AsObject().Remove("contract_id"),
        ["too long string"] = s => s["meter_id"] = new string('M', 256),
        ["too long CiString"] = s => s["authorization_reference"] = new string('A', 37),
        ["wrong type"] = s => s["kwh"] = "0.0",
        ["wrong type of a list"] = s => s["charging_periods"] = new JsonObject(),
        ["bad date time"] = s => s["start_date_time"] = "yesterday",
        ["unknown status"] = s => s["status"] = "RUNNING",
        ["unknown auth method"] = s => s["auth_method"] = "NFC",
        ["unknown dimension type"] = s => s["charging_periods"] = new JsonArray(new JsonObject
            {
                ["start_date_time"] = "2020-03-09T10:17:09Z",
                ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "VOLTAGE", ["volume"] = 230 }),
            }),
        ["url/body id mismatch"] = s => s["id"] = "OTHER",
        ["url/body party mismatch"] = s => s["party_id"] = "ZZZ",
        ["url/body country mismatch"] = s => s["country_code"] = "FR",
    };

    public static TheoryData<string, string> BadSessions => new()
    {
        { "missing required field", "location_id: required field is missing" },
        { "missing required nested field", "cdr_token.contract_id: required field is missing" },
        { "too long string", "meter_id: too long" },
        { "too long CiString", "authorization_reference: too long" },
        { "wrong type", "kwh: expected number" },
        { "wrong type of a list", "charging_periods: expected a list of ChargingPeriod" },
        { "bad date time", "start_date_time: is not a valid DateTime" },
        { "unknown status", "status: 'RUNNING' is not a valid SessionStatus" },
        { "unknown auth method", "auth_method: 'NFC' is not a valid AuthMethod" },
        { "unknown dimension type", "charging_periods[0].dimensions[0].type: 'VOLTAGE' is not a valid CdrDimensionType" },
        { "url/body id mismatch", "id: 'OTHER' differs from the id in the URL" },
        { "url/body party mismatch", "party_id: 'ZZZ' differs from the URL's" },
        { "url/body country mismatch", "country_code: 'FR' differs from the URL's" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public async Task an_invalid_session_put_is_2001_naming_the_field_and_stores_nothing(string spoiler, string expected)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        Spoilers[spoiler](session);

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: session.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain(expected);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBeEmpty();
        (await cpo.CallEmspAsync(HttpMethod.Get, SessionUrl(cpo, "101"), cpo.TokenForEmsp)).HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"id": "101",""")]
    [InlineData("not json at all")]
    public async Task malformed_json_is_http_400_and_stores_nothing(string body)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: body);

        put.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task malformed_json_in_a_patch_is_http_400_and_changes_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: session.ToJsonString());

        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: """{"kwh": 3,""");

        patch.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBe(["SessionPut"]);
    }

    [Fact]
    public async Task a_json_array_instead_of_a_session_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: "[]");

        put.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_session_id_longer_than_36_in_the_url_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var id = new string('S', 37);
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = id;

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, id), cpo.TokenForEmsp, rawBody: session.ToJsonString());

        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain("session_id");
        (await emsp.EventTypesAsync(Key(cpo, id))).ShouldBeEmpty();
    }

    [Fact]
    public async Task another_partys_url_is_404_for_put_patch_and_get_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", other.Options.Party);
        var url = $"{cpo.EmspEndpoint("sessions")}/{other.Options.Party.CountryCode}/{other.Options.Party.PartyId}/101";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString());
        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp,
            rawBody: SpecExamples.Load("session_patch_example_total_cost.json").ToJsonString());
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);

        put.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        patch.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.EventTypesAsync(Key(other, "101"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task another_partys_session_stays_invisible_to_a_cpo()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", other.Options.Party);
        (await other.CallEmspAsync(HttpMethod.Put, SessionUrl(other, "101"), other.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);

        var get = await cpo.CallEmspAsync(HttpMethod.Get, SessionUrl(other, "101").Replace(other.EmspEndpoint("sessions"), cpo.EmspEndpoint("sessions")), cpo.TokenForEmsp);

        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (get.Envelope!.Value.TryGetProperty("data", out var data) && data.ValueKind == System.Text.Json.JsonValueKind.Object).ShouldBeFalse();
        (await emsp.EventTypesAsync(Key(other, "101"))).ShouldBe(["SessionPut"]);
    }

    [Fact]
    public async Task without_a_token_nothing_is_stored()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), token: null, rawBody: session.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBeEmpty();
    }

    /// <summary>Unknown fields are not validated, but PostgreSQL jsonb cannot store \u0000: refused before anything is stored.</summary>
    [Fact]
    public async Task a_nul_character_in_an_unknown_field_is_refused_as_client_input_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["future_field"] = "a\u0000b";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: session.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain("future_field: contains a NUL character");
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBeEmpty();
    }

    /// <summary>A repeated member name makes the JSON ambiguous: refused as invalid JSON.</summary>
    [Fact]
    public async Task a_repeated_member_name_is_refused_as_client_input_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        var body = session.ToJsonString()[..^1] + ",\"kwh\":5}";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, SessionUrl(cpo, "101"), cpo.TokenForEmsp, rawBody: body);

        put.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.EventTypesAsync(Key(cpo, "101"))).ShouldBeEmpty();
    }
}
