using System.Net;
using System.Text.Json.Nodes;
using static Ocpi.Emsp.Tests.Tariffs.TariffExamples;

namespace Ocpi.Emsp.Tests.Tariffs;

/// <summary>PUT and GET of Tariffs with every official example; repeated and stale PUTs.</summary>
public sealed class TariffPushTests(TariffsFixture emsp) : IClassFixture<TariffsFixture>
{
    public static TheoryData<string> Examples
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in All) data.Add(file);
            return data;
        }
    }

    [Fact]
    public void every_tariff_example_of_the_spec_is_covered()
    {
        // 19 numbered tariffs (there is no tariff_7), the PUT example and two restriction examples.
        All.Count.ShouldBe(22);
        All.Count(f => f.StartsWith("tariffrestriction_", StringComparison.Ordinal)).ShouldBe(2);
        All.ShouldContain("tariff_put_example.json");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task every_official_tariff_example_is_accepted_and_reads_back_equal(string example)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy(example, cpo.Options.Party);
        var id = tariff["id"]!.GetValue<string>();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, id), cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        put.Envelope!.Value.TryGetProperty("data", out _).ShouldBeFalse();
        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, id), cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), tariff).ShouldBeTrue(get.Data.GetRawText());
        (await emsp.EventTypesAsync(Key(cpo, id))).ShouldBe(["TariffPut"]);
    }

    [Fact]
    public async Task a_repeated_put_answers_200_and_leaves_the_same_state()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_4_complex.json", cpo.Options.Party);
        var url = Url(cpo, "14");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        var again = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), tariff).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "14"))).ShouldBe(["TariffPut", "TariffPut"]);
    }

    [Fact]
    public async Task a_newer_put_replaces_the_whole_tariff()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var url = Url(cpo, "16");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp,
            rawBody: OwnedBy("tariff_6_025kwh_start_max_price.json", cpo.Options.Party).ToJsonString());
        // tariff_8 has the same id (16) but no max_price and no end_date_time: both must be gone afterwards.
        var replacement = OwnedBy("tariff_8_simple_025kwh.json", cpo.Options.Party);
        replacement["last_updated"] = "2019-01-01T00:00:00Z";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: replacement.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        var stored = JsonNode.Parse((await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp)).Data.GetRawText())!.AsObject();
        JsonNode.DeepEquals(stored, replacement).ShouldBeTrue(stored.ToJsonString());
        stored.ContainsKey("max_price").ShouldBeFalse();
    }

    [Fact]
    public async Task an_older_put_is_recorded_but_not_applied()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        var url = Url(cpo, "12");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString());
        var older = tariff.DeepClone().AsObject();
        older["elements"]![0]!["price_components"]![0]!["price"] = 9.99;
        older["last_updated"] = "2015-06-29T20:00:00Z";

        var stale = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: older.ToJsonString());

        stale.HttpStatus.ShouldBe(HttpStatusCode.OK);
        stale.StatusCode.ShouldBe(1000);
        stale.StatusMessage!.ShouldContain("Recorded but not applied");
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), tariff).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "12"))).ShouldBe(["TariffPut", "TariffStaleUpdateIgnored"]);
    }

    [Fact]
    public async Task unknown_fields_such_as_preauthorize_amount_are_accepted_and_kept()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_2_alt_text.json", cpo.Options.Party);
        tariff["preauthorize_amount"] = 25.0;
        tariff["elements"]![0]!["future_element_field"] = new JsonObject { ["x"] = 1 };
        var url = Url(cpo, "12");

        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString())).StatusCode.ShouldBe(1000);

        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), tariff).ShouldBeTrue();
    }

    [Fact]
    public async Task tariffs_are_not_patched()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "12"), cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, Url(cpo, "12"), cpo.TokenForEmsp,
            rawBody: """{"currency":"USD","last_updated":"2030-01-01T00:00:00Z"}""");

        patch.HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "12"), cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), tariff).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "12"))).ShouldBe(["TariffPut"]);
    }
}
