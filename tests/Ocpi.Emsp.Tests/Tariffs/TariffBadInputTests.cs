using System.Net;
using System.Text.Json.Nodes;
using static Ocpi.Emsp.Tests.Tariffs.TariffExamples;

namespace Ocpi.Emsp.Tests.Tariffs;

/// <summary>Every bad-input class on a Tariff PUT: the spec's status, a message naming the field, nothing stored.</summary>
public sealed class TariffBadInputTests(TariffsFixture emsp) : IClassFixture<TariffsFixture>
{
    private static readonly Dictionary<string, Action<JsonObject>> Spoilers = new()
    {
        ["missing tax_included (2.2.1 style)"] = t => t.Remove("tax_included"),
        ["missing last_updated"] = t => t.Remove("last_updated"),
        ["missing price component field"] = t => t["elements"]![0]!["price_components"]![0]!.AsObject().Remove("step_size"),
        ["no elements"] = t => t["elements"] = new JsonArray(),
        ["too long currency"] = t => t["currency"] = "EURO",
        ["too long alt url"] = t => t["tariff_alt_url"] = "https://example.com/" + new string('x', 240),
        ["wrong type"] = t => t["elements"]![0]!["price_components"]![0]!["price"] = "2.00",
        ["fractional step size"] = t => t["elements"]![0]!["price_components"]![0]!["step_size"] = 1.5,
        ["unknown tax_included"] = t => t["tax_included"] = "MAYBE",
        ["unknown dimension"] = t => t["elements"]![0]!["price_components"]![0]!["type"] = "KWH",
        ["unknown tariff type"] = t => t["type"] = "CHEAP",
        ["bad restriction time"] = t => t["elements"]![0]!["restrictions"] = new JsonObject { ["start_time"] = "25:00" },
        ["price limit as 2.2.1 Price"] = t => t["max_price"] = new JsonObject { ["excl_vat"] = 10, ["incl_vat"] = 11 },
        ["url/body id mismatch"] = t => t["id"] = "OTHER",
        ["url/body party mismatch"] = t => t["party_id"] = "ZZZ",
    };

    public static TheoryData<string, string> BadTariffs => new()
    {
        { "missing tax_included (2.2.1 style)", "tax_included: required field is missing" },
        { "missing last_updated", "last_updated: required field is missing" },
        { "missing price component field", "elements[0].price_components[0].step_size: required field is missing" },
        { "no elements", "elements: must contain at least one element" },
        { "too long currency", "currency: too long" },
        { "too long alt url", "tariff_alt_url: too long" },
        { "wrong type", "elements[0].price_components[0].price: expected number" },
        { "fractional step size", "elements[0].price_components[0].step_size: expected int" },
        { "unknown tax_included", "tax_included: 'MAYBE' is not a valid TaxIncluded" },
        { "unknown dimension", "elements[0].price_components[0].type: 'KWH' is not a valid TariffDimensionType" },
        { "unknown tariff type", "type: 'CHEAP' is not a valid TariffType" },
        { "bad restriction time", "elements[0].restrictions.start_time" },
        { "price limit as 2.2.1 Price", "max_price.before_taxes: required field is missing" },
        { "url/body id mismatch", "id: 'OTHER' differs from the id in the URL" },
        { "url/body party mismatch", "party_id: 'ZZZ' differs from the URL's" },
    };

    [Theory]
    [MemberData(nameof(BadTariffs))]
    public async Task an_invalid_tariff_put_is_2001_naming_the_field_and_stores_nothing(string spoiler, string expected)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        Spoilers[spoiler](tariff);

        var put = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "12"), cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain(expected);
        (await emsp.EventTypesAsync(Key(cpo, "12"))).ShouldBeEmpty();
        (await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "12"), cpo.TokenForEmsp)).HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_invalid_put_over_a_held_tariff_is_2001_and_keeps_the_held_one()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "12"), cpo.TokenForEmsp, rawBody: tariff.ToJsonString());
        var invalid = tariff.DeepClone().AsObject();
        invalid.Remove("tax_included");
        invalid["last_updated"] = "2030-01-01T00:00:00Z";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "12"), cpo.TokenForEmsp, rawBody: invalid.ToJsonString());

        put.StatusCode.ShouldBe(2001);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "12"), cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), tariff).ShouldBeTrue();
        (await emsp.EventTypesAsync(Key(cpo, "12"))).ShouldBe(["TariffPut"]);
    }

    [Fact]
    public async Task malformed_json_is_http_400_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "12"), cpo.TokenForEmsp, rawBody: """{"id": "12", "currency": """);

        put.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.EventTypesAsync(Key(cpo, "12"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task another_partys_url_is_404_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var tariff = OwnedBy("tariff_1_simple_2hour.json", other.Options.Party);
        var url = Url(other, "12").Replace(other.EmspEndpoint("tariffs"), cpo.EmspEndpoint("tariffs"));

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.EventTypesAsync(Key(other, "12"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_tariff_id_longer_than_36_in_the_url_is_2001()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var id = new string('T', 37);
        var tariff = OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        tariff["id"] = id;

        var put = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, id), cpo.TokenForEmsp, rawBody: tariff.ToJsonString());

        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain("tariff_id");
        (await emsp.EventTypesAsync(Key(cpo, id))).ShouldBeEmpty();
    }
}
