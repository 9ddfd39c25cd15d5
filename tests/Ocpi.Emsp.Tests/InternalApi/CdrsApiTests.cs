using System.Net;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>GET /api/cdrs: filters, paging, one CDR and its history, bad queries.</summary>
public sealed class CdrsApiTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    [Fact]
    public async Task the_list_filters_by_partner_owner_and_contract()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await Push.CdrAsync(cpo, "C1", "2024-06-01T12:00:00Z", contractId: "K1");
        await Push.CdrAsync(cpo, "C2", "2024-06-02T12:00:00Z", contractId: "K2");
        await Push.CdrAsync(cpo, "C3", "2024-06-03T12:00:00Z", contractId: "K1");
        await Push.CdrAsync(other, "C1", "2024-06-01T12:00:00Z", contractId: "K1");
        string C(string id) => Push.Key("cdr", cpo, id);

        (await emsp.IdsAsync($"/api/cdrs?partner_id={partnerId}")).ShouldBe([C("C1"), C("C2"), C("C3")]);
        (await emsp.IdsAsync($"/api/cdrs?{Push.Owner(cpo)}")).ShouldBe([C("C1"), C("C2"), C("C3")]);
        (await emsp.IdsAsync($"/api/cdrs?{Push.Owner(cpo)}&contract_id=K1")).ShouldBe([C("C1"), C("C3")]);
        (await emsp.IdsAsync($"/api/cdrs?partner_id={partnerId}&contract_id=K3")).ShouldBeEmpty();

        var item = (await emsp.GetAsync($"/api/cdrs?partner_id={partnerId}&contract_id=K2")).GetProperty("items")[0];
        item.GetProperty("cdr_id").GetString().ShouldBe("C2");
        item.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        item.GetProperty("end_date_time").GetString().ShouldBe("2024-06-02T12:00:00Z");
        item.GetProperty("total_cost_before_taxes").GetDecimal().ShouldBe(4.00m);
        item.GetProperty("cdr").GetProperty("cdr_token").GetProperty("contract_id").GetString().ShouldBe("K2");
    }

    [Fact]
    public async Task the_period_is_on_end_date_time_from_inclusive_to_exclusive_and_pages_follow_it()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.CdrAsync(cpo, "C3", "2024-06-01T12:00:00Z");
        await Push.CdrAsync(cpo, "C1", "2024-06-02T12:00:00Z");
        await Push.CdrAsync(cpo, "C2", "2024-06-03T12:00:00Z");
        var list = $"/api/cdrs?partner_id={partnerId}";

        (await emsp.IdsAsync($"{list}&from=2024-06-02T12:00:00Z&to=2024-06-03T12:00:00Z")).ShouldBe([Push.Key("cdr", cpo, "C1")]);
        (await emsp.IdsAsync($"{list}&from=2024-06-02T12:00:00Z")).ShouldBe([Push.Key("cdr", cpo, "C1"), Push.Key("cdr", cpo, "C2")]);
        (await emsp.IdsAsync($"{list}&to=2024-06-02T12:00:00Z")).ShouldBe([Push.Key("cdr", cpo, "C3")]);
        var page = await emsp.GetAsync($"{list}&offset=1&limit=1");
        page.GetProperty("total").GetInt32().ShouldBe(3);
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("cdr_id").GetString()).ShouldBe(["C1"]);
    }

    [Fact]
    public async Task one_cdr_and_its_history_with_the_redelivery()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var cdr = await Push.CdrAsync(cpo, "C1", "2024-06-01T12:00:00Z");
        var again = await Push.SendAsync(cpo, HttpMethod.Post, cpo.EmspEndpoint("cdrs"), cdr);
        var party = cpo.Options.Party;
        var path = $"/api/cdrs/{party.CountryCode.ToLowerInvariant()}/{party.PartyId}/c1";

        var view = await emsp.GetAsync(path);
        view.GetProperty("id").GetString().ShouldBe(Push.Key("cdr", cpo, "C1"));
        view.GetProperty("partner_id").GetString().ShouldBe(partnerId);

        // The cost check's own event is appended by the daemon at a moment of its own, possibly between the two pushes.
        var all = (await emsp.GetAsync(path + "/events")).EnumerateArray().ToList();
        all.Select(e => e.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(1, all.Count).Select(v => (long)v));
        var events = all.Where(e => e.GetProperty("type").GetString() != "cdr_cost_checked").ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["cdr_received", "cdr_redelivered"]);
        events[0].GetProperty("version").GetInt64().ShouldBe(1L);
        events[1].GetProperty("causation_id").GetString().ShouldBe(again.RequestId);
        events[1].GetProperty("headers").GetProperty("partner").GetString().ShouldBe(partnerId);
    }

    [Fact]
    public async Task an_unknown_cdr_is_404()
    {
        (await emsp.InternalApi().GetAsync("/api/cdrs/DE/ZZZ/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().GetAsync("/api/cdrs/DE/ZZZ/NOPE/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("from=2024-06-01", "from")]
    [InlineData("to=x", "to")]
    [InlineData("from=2024-06-02T00:00:00Z&to=2024-06-01T00:00:00Z", "to")]
    [InlineData("offset=1e3", "offset")]
    [InlineData("party_id=ZZZ", "party_id")]
    public async Task a_bad_query_parameter_is_a_400_naming_it(string query, string parameter) =>
        await emsp.ShouldRefuseAsync($"/api/cdrs?{query}", parameter);
}
