using System.Net;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>GET /api/tariffs: deleted Tariffs only on request, filters, one Tariff and its history, bad queries.</summary>
public sealed class TariffsApiTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    [Fact]
    public async Task deleted_tariffs_are_listed_only_with_include_deleted()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T1", "2024-01-01T00:00:00Z");
        await Push.TariffAsync(cpo, "T2", "2024-01-02T00:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T2"));
        var list = $"/api/tariffs?partner_id={partnerId}";

        (await emsp.IdsAsync(list)).ShouldBe([Push.Key("tariff", cpo, "T1")]);
        (await emsp.IdsAsync($"{list}&include_deleted=false")).ShouldBe([Push.Key("tariff", cpo, "T1")]);
        var all = await emsp.GetAsync($"{list}&include_deleted=true");
        all.GetProperty("total").GetInt32().ShouldBe(2);
        all.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("tariff_id").GetString(), i.GetProperty("deleted").GetBoolean()))
            .ShouldBe([("T1", false), ("T2", true)]);
    }

    [Fact]
    public async Task the_list_filters_by_owner_and_updated_since()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T1", "2024-01-01T00:00:00Z");
        await Push.TariffAsync(cpo, "T2", "2024-02-01T00:00:00Z");
        await Push.TariffAsync(other, "T1", "2024-03-01T00:00:00Z");

        (await emsp.IdsAsync($"/api/tariffs?{Push.Owner(cpo)}")).ShouldBe([Push.Key("tariff", cpo, "T1"), Push.Key("tariff", cpo, "T2")]);
        (await emsp.IdsAsync($"/api/tariffs?{Push.Owner(cpo)}&updated_since=2024-02-01T00:00:00Z")).ShouldBe([Push.Key("tariff", cpo, "T2")]);
        (await emsp.IdsAsync($"/api/tariffs?partner_id={partnerId}&updated_since=2024-02-01T00:00:01Z")).ShouldBeEmpty();
        var item = (await emsp.GetAsync($"/api/tariffs?{Push.Owner(other)}")).GetProperty("items")[0];
        item.GetProperty("currency").GetString().ShouldBe("EUR");
        item.GetProperty("tariff").GetProperty("id").GetString().ShouldBe("T1");
    }

    [Fact]
    public async Task one_tariff_deleted_or_not_and_its_history()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T1", "2024-01-01T00:00:00Z");
        var delete = await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T1"));
        var party = cpo.Options.Party;
        var path = $"/api/tariffs/{party.CountryCode}/{party.PartyId}/t1";

        (await emsp.GetAsync(path)).GetProperty("deleted").GetBoolean().ShouldBeTrue();
        var events = (await emsp.GetAsync(path + "/events")).EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["tariff_put", "tariff_deleted"]);
        events[1].GetProperty("causation_id").GetString().ShouldBe(delete.RequestId);
        (await emsp.InternalApi().GetAsync($"/api/tariffs/{party.CountryCode}/{party.PartyId}/T9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().GetAsync($"/api/tariffs/{party.CountryCode}/{party.PartyId}/T9/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("include_deleted=yes", "include_deleted")]
    [InlineData("updated_since=2024-01-01", "updated_since")]
    [InlineData("limit=x", "limit")]
    public async Task a_bad_query_parameter_is_a_400_naming_it(string query, string parameter) =>
        await emsp.ShouldRefuseAsync($"/api/tariffs?{query}", parameter);
}
