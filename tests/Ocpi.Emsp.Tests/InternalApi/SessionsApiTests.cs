using System.Net;
using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>GET /api/sessions: filters, paging, one Session and its history, bad queries.</summary>
public sealed class SessionsApiTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    [Fact]
    public async Task the_list_filters_by_partner_owner_status_token_and_contract()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var (other, otherPartnerId) = await emsp.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "S1", "ACTIVE", "2024-05-01T10:00:00Z", "NL-TST-C00000001-S", tokenUid: "UID1");
        await Push.SessionAsync(cpo, "S2", "COMPLETED", "2024-05-02T10:00:00Z", "NL-TST-C00000002-S", tokenUid: "UID2");
        await Push.SessionAsync(cpo, "S3", "PENDING", "2024-05-03T10:00:00Z", "NL-TST-C00000001-S", tokenUid: "UID1");
        await Push.SessionAsync(other, "S1", "COMPLETED", "2024-05-02T10:00:00Z", "NL-TST-C00000002-S", tokenUid: "UID2");
        string S(string id) => Push.Key("session", cpo, id);
        var list = $"/api/sessions?partner_id={partnerId}";

        (await emsp.IdsAsync(list)).ShouldBe([S("S1"), S("S2"), S("S3")]);
        (await emsp.IdsAsync($"/api/sessions?{Push.Owner(cpo)}")).ShouldBe([S("S1"), S("S2"), S("S3")]);
        (await emsp.IdsAsync($"/api/sessions?partner_id={otherPartnerId}")).ShouldBe([Push.Key("session", other, "S1")]);
        (await emsp.IdsAsync($"{list}&status=COMPLETED")).ShouldBe([S("S2")]);
        (await emsp.IdsAsync($"{list}&status=active")).ShouldBe([S("S1")]);
        (await emsp.IdsAsync($"{list}&status=INVALID")).ShouldBeEmpty();
        (await emsp.IdsAsync($"{list}&contract_id=NL-TST-C00000001-S")).ShouldBe([S("S1"), S("S3")]);
        (await emsp.IdsAsync($"{list}&token_uid=UID2")).ShouldBe([S("S2")]);
        (await emsp.IdsAsync($"{list}&token_uid=UID1&status=PENDING")).ShouldBe([S("S3")]);
        (await emsp.IdsAsync($"/api/sessions?contract_id=NL-TST-C00000002-S&{Push.Owner(other)}")).ShouldBe([Push.Key("session", other, "S1")]);

        var item = (await emsp.GetAsync($"{list}&status=COMPLETED")).GetProperty("items")[0];
        item.GetProperty("session_id").GetString().ShouldBe("S2");
        item.GetProperty("contract_id").GetString().ShouldBe("NL-TST-C00000002-S");
        item.GetProperty("start_date_time").GetString().ShouldBe("2024-05-02T10:00:00Z");
        item.GetProperty("session").GetProperty("status").GetString().ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task the_period_is_on_start_date_time_from_inclusive_to_exclusive()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "S1", "COMPLETED", "2024-05-01T10:00:00Z", "C1");
        await Push.SessionAsync(cpo, "S2", "COMPLETED", "2024-05-02T10:00:00Z", "C1");
        await Push.SessionAsync(cpo, "S3", "COMPLETED", "2024-05-03T10:00:00Z", "C1");
        var list = $"/api/sessions?partner_id={partnerId}";

        (await emsp.IdsAsync($"{list}&from=2024-05-02T10:00:00Z&to=2024-05-03T10:00:00Z")).ShouldBe([Push.Key("session", cpo, "S2")]);
        (await emsp.IdsAsync($"{list}&from=2024-05-02T10:00:00Z")).ShouldBe([Push.Key("session", cpo, "S2"), Push.Key("session", cpo, "S3")]);
        (await emsp.IdsAsync($"{list}&to=2024-05-02T10:00:00Z")).ShouldBe([Push.Key("session", cpo, "S1")]);
        (await emsp.IdsAsync($"{list}&from=2024-05-01T10:00:01Z&to=2024-05-02T09:59:59Z")).ShouldBeEmpty();
    }

    [Fact]
    public async Task pages_follow_start_date_time_then_id()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "S3", "ACTIVE", "2024-05-01T10:00:00Z", "C1");
        await Push.SessionAsync(cpo, "S1", "ACTIVE", "2024-05-02T10:00:00Z", "C1");
        await Push.SessionAsync(cpo, "S2", "ACTIVE", "2024-05-02T10:00:00Z", "C1");

        var first = await emsp.GetAsync($"/api/sessions?partner_id={partnerId}&limit=2");
        var second = await emsp.GetAsync($"/api/sessions?partner_id={partnerId}&limit=2&offset=2");

        first.GetProperty("total").GetInt32().ShouldBe(3);
        second.GetProperty("total").GetInt32().ShouldBe(3);
        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("session_id").GetString()).ShouldBe(["S3", "S1", "S2"]);
    }

    [Fact]
    public async Task one_session_and_its_history_in_order_with_request_ids()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var session = await Push.SessionAsync(cpo, "S1", "ACTIVE", "2024-05-01T10:00:00Z", "C1");
        var url = Push.Url(cpo, "sessions", "S1");
        var patch = await Push.SendAsync(cpo, HttpMethod.Patch, url,
            new JsonObject { ["status"] = "COMPLETED", ["end_date_time"] = "2024-05-01T11:00:00Z", ["last_updated"] = "2024-05-01T11:00:00Z" });
        var party = cpo.Options.Party;
        var path = $"/api/sessions/{party.CountryCode}/{party.PartyId.ToLowerInvariant()}/s1";

        var view = await emsp.GetAsync(path);
        view.GetProperty("status").GetString().ShouldBe("COMPLETED");
        view.GetProperty("session").GetProperty("end_date_time").GetString().ShouldBe("2024-05-01T11:00:00Z");
        view.GetProperty("partner_id").GetString().ShouldBe(partnerId);

        var events = (await emsp.GetAsync(path + "/events")).EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["session_put", "session_patched"]);
        events.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1L, 2L]);
        events[1].GetProperty("causation_id").GetString().ShouldBe(patch.RequestId);
        events[1].GetProperty("correlation_id").GetString().ShouldBe(patch.CorrelationId);
        events[1].GetProperty("headers").GetProperty("request_id").GetString().ShouldBe(patch.RequestId);
        events[0].GetProperty("data").GetProperty("session").GetProperty("id").GetString().ShouldBe(session["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_unknown_session_is_404()
    {
        (await emsp.InternalApi().GetAsync("/api/sessions/DE/ZZZ/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().GetAsync("/api/sessions/DE/ZZZ/NOPE/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("status=RUNNING", "status")]
    [InlineData("from=2024-13-01T00:00:00Z", "from")]
    [InlineData("to=tomorrow", "to")]
    [InlineData("from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z", "to")]
    [InlineData("from=2024-05-02T00:00:00Z&to=2024-05-02T00:00:00Z", "to")]
    [InlineData("limit=-5", "limit")]
    [InlineData("country_code=D", "country_code")]
    public async Task a_bad_query_parameter_is_a_400_naming_it(string query, string parameter) =>
        await emsp.ShouldRefuseAsync($"/api/sessions?{query}", parameter);
}
