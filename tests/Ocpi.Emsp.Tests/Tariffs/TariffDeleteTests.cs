using System.Net;
using System.Text.Json.Nodes;
using static Ocpi.Emsp.Tests.Tariffs.TariffExamples;

namespace Ocpi.Emsp.Tests.Tariffs;

/// <summary>DELETE of Tariffs: gone for GET, idempotent, unknown is 404, a later PUT re-creates; the event history.</summary>
public sealed class TariffDeleteTests(TariffsFixture emsp) : IClassFixture<TariffsFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Cpo, JsonObject Tariff, string Url)> PushedTariffAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_13_simple_3hour_5parking.json", cpo.Options.Party);
        var url = Url(cpo, "21");
        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString())).StatusCode.ShouldBe(1000);
        return (cpo, tariff, url);
    }

    [Fact]
    public async Task a_deleted_tariff_is_404_for_get()
    {
        var (cpo, _, url) = await PushedTariffAsync();

        var delete = await cpo.CallEmspAsync(HttpMethod.Delete, url, cpo.TokenForEmsp);

        delete.HttpStatus.ShouldBe(HttpStatusCode.OK);
        delete.StatusCode.ShouldBe(1000);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.StatusCode.ShouldNotBe(1000);
        (await emsp.EventTypesAsync(Key(cpo, "21"))).ShouldBe(["TariffPut", "TariffDeleted"]);
    }

    [Fact]
    public async Task deleting_a_deleted_tariff_again_is_1000_without_a_new_event()
    {
        var (cpo, _, url) = await PushedTariffAsync();
        await cpo.CallEmspAsync(HttpMethod.Delete, url, cpo.TokenForEmsp);

        var again = await cpo.CallEmspAsync(HttpMethod.Delete, url, cpo.TokenForEmsp);

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000);
        (await emsp.EventTypesAsync(Key(cpo, "21"))).ShouldBe(["TariffPut", "TariffDeleted"]);
    }

    [Fact]
    public async Task deleting_an_unknown_tariff_is_404_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var delete = await cpo.CallEmspAsync(HttpMethod.Delete, Url(cpo, "NOPE"), cpo.TokenForEmsp);

        delete.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        delete.StatusCode.ShouldNotBe(1000);
        (await emsp.EventTypesAsync(Key(cpo, "NOPE"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_put_after_a_delete_re_creates_the_tariff_with_201()
    {
        var (cpo, tariff, url) = await PushedTariffAsync();
        await cpo.CallEmspAsync(HttpMethod.Delete, url, cpo.TokenForEmsp);
        var renewed = tariff.DeepClone().AsObject();
        renewed["last_updated"] = "2019-01-01T00:00:00Z";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: renewed.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        put.StatusCode.ShouldBe(1000);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), renewed).ShouldBeTrue();
    }

    [Fact]
    public async Task the_event_history_records_every_push_in_order()
    {
        var (cpo, tariff, url) = await PushedTariffAsync();
        var older = tariff.DeepClone().AsObject();
        older["last_updated"] = "2018-01-01T00:00:00Z";
        var renewed = tariff.DeepClone().AsObject();
        renewed["last_updated"] = "2019-01-01T00:00:00Z";

        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString())).HttpStatus.ShouldBe(HttpStatusCode.OK);
        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: older.ToJsonString())).StatusMessage!.ShouldContain("not applied");
        (await cpo.CallEmspAsync(HttpMethod.Delete, url, cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
        (await cpo.CallEmspAsync(HttpMethod.Delete, url, cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: renewed.ToJsonString())).HttpStatus.ShouldBe(HttpStatusCode.Created);

        (await emsp.EventTypesAsync(Key(cpo, "21"))).ShouldBe(
            ["TariffPut", "TariffPut", "TariffStaleUpdateIgnored", "TariffDeleted", "TariffPut"]);
    }

    [Fact]
    public async Task deleting_another_partys_tariff_is_404_and_leaves_it()
    {
        var (owner, tariff, url) = await PushedTariffAsync();
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var foreignUrl = url.Replace(owner.EmspEndpoint("tariffs"), cpo.EmspEndpoint("tariffs"));

        var delete = await cpo.CallEmspAsync(HttpMethod.Delete, foreignUrl, cpo.TokenForEmsp);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, foreignUrl, cpo.TokenForEmsp);

        delete.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.EventTypesAsync(Key(owner, "21"))).ShouldBe(["TariffPut"]);
        var mine = await owner.CallEmspAsync(HttpMethod.Get, url, owner.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(mine.Data.GetRawText()), tariff).ShouldBeTrue();
    }
}
