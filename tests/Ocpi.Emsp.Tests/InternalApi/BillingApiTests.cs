using Marten.Events;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>GET /api/billing/cpo-daily-totals, fed by the async daemon from the CDRs received.</summary>
public sealed class BillingApiTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    [Fact]
    public async Task daily_totals_per_cpo_come_by_day_and_filter_by_owner_and_period()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await Push.CdrAsync(cpo, "C1", "2024-07-01T08:00:00Z", beforeTaxes: 4.00m, taxes: 0.40m, energy: 10m);
        await Push.CdrAsync(cpo, "C2", "2024-07-01T23:59:59Z", beforeTaxes: 6.00m, taxes: 0.60m, energy: 5m);
        await Push.CdrAsync(cpo, "C3", "2024-07-02T00:00:00Z", beforeTaxes: 1.00m, taxes: 0.10m, energy: 2m);
        await Push.CdrAsync(other, "C1", "2024-07-01T08:00:00Z");
        await emsp.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var owner = Push.Owner(cpo);

        var all = await emsp.GetAsync($"/api/billing/cpo-daily-totals?{owner}");

        all.GetProperty("total").GetInt32().ShouldBe(2);
        var days = all.GetProperty("items").EnumerateArray().ToList();
        days.Select(d => d.GetProperty("day").GetString()).ShouldBe(["2024-07-01", "2024-07-02"]);
        days.ShouldAllBe(d => d.GetProperty("country_code").GetString() == cpo.Options.Party.CountryCode);
        days.ShouldAllBe(d => d.GetProperty("party_id").GetString() == cpo.Options.Party.PartyId);
        days[0].GetProperty("cdr_count").GetInt32().ShouldBe(2);
        days[0].GetProperty("total_energy_kwh").GetDecimal().ShouldBe(15m);
        var eur = days[0].GetProperty("costs").GetProperty("EUR");
        eur.GetProperty("before_taxes").GetDecimal().ShouldBe(10.00m);
        eur.GetProperty("taxes").GetDecimal().ShouldBe(1.00m);
        eur.GetProperty("after_taxes").GetDecimal().ShouldBe(11.00m);
        days[1].GetProperty("cdr_count").GetInt32().ShouldBe(1);

        (await DaysAsync($"/api/billing/cpo-daily-totals?{owner}&from=2024-07-02")).ShouldBe(["2024-07-02"]);
        (await DaysAsync($"/api/billing/cpo-daily-totals?{owner}&to=2024-07-02")).ShouldBe(["2024-07-01"]);
        (await DaysAsync($"/api/billing/cpo-daily-totals?{owner}&from=2024-07-01&to=2024-07-03")).ShouldBe(["2024-07-01", "2024-07-02"]);
        (await DaysAsync($"/api/billing/cpo-daily-totals?{owner}&from=2024-07-03")).ShouldBeEmpty();
        var country = await emsp.GetAsync($"/api/billing/cpo-daily-totals?country_code={cpo.Options.Party.CountryCode.ToLowerInvariant()}&from=2024-07-01&to=2024-07-02");
        country.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("party_id").GetString())
            .ShouldBe([cpo.Options.Party.PartyId, other.Options.Party.PartyId], ignoreOrder: true);
    }

    [Theory]
    [InlineData("from=2024-13-01", "from")]
    [InlineData("to=2024-07-01T00:00:00Z", "to")]
    [InlineData("from=2024-07-02&to=2024-07-01", "to")]
    [InlineData("country_code=DE&party_id=TOOLONG", "party_id")]
    public async Task a_bad_query_parameter_is_a_400_naming_it(string query, string parameter) =>
        await emsp.ShouldRefuseAsync($"/api/billing/cpo-daily-totals?{query}", parameter);

    private async Task<List<string>> DaysAsync(string url) =>
        (await emsp.GetAsync(url)).GetProperty("items").EnumerateArray().Select(d => d.GetProperty("day").GetString()!).ToList();
}
