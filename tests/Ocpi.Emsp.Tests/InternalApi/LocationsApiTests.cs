using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>GET /api/locations: filters, paging, one Location and its history, bad queries.</summary>
public sealed class LocationsApiTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    [Fact]
    public async Task the_list_filters_by_partner_and_by_owner_and_shows_summary_and_location()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var pushed = await Push.LocationAsync(cpo, "LOC1", "2024-01-01T00:00:00Z");
        await Push.LocationAsync(cpo, "LOC2", "2024-01-02T00:00:00Z");
        await Push.LocationAsync(other, "LOC1", "2024-01-01T00:00:00Z");
        var party = cpo.Options.Party;
        string[] mine = [Push.Key("location", cpo, "LOC1"), Push.Key("location", cpo, "LOC2")];

        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}")).ShouldBe(mine);
        (await emsp.IdsAsync($"/api/locations?{Push.Owner(cpo)}")).ShouldBe(mine);
        (await emsp.IdsAsync($"/api/locations?country_code={party.CountryCode.ToLowerInvariant()}&party_id={party.PartyId.ToLowerInvariant()}"))
            .ShouldBe(mine);
        (await emsp.IdsAsync($"/api/locations?country_code={party.CountryCode}")).ShouldContain(Push.Key("location", other, "LOC1"));

        var item = (await emsp.GetAsync($"/api/locations?partner_id={partnerId}&limit=1")).GetProperty("items")[0];
        item.GetProperty("country_code").GetString().ShouldBe(party.CountryCode);
        item.GetProperty("party_id").GetString().ShouldBe(party.PartyId);
        item.GetProperty("location_id").GetString().ShouldBe("LOC1");
        item.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        item.GetProperty("name").GetString().ShouldBe("Gent Zuid");
        item.GetProperty("city").GetString().ShouldBe("Gent");
        item.GetProperty("country").GetString().ShouldBe("BEL");
        item.GetProperty("latitude").GetDouble().ShouldBe(51.047599);
        item.GetProperty("longitude").GetDouble().ShouldBe(3.729944);
        item.GetProperty("evse_count").GetInt32().ShouldBe(pushed["evses"]!.AsArray().Count);
        item.GetProperty("removed_evse_count").GetInt32().ShouldBe(0);
        item.GetProperty("last_updated").GetString().ShouldBe("2024-01-01T00:00:00Z");
        JsonNode.DeepEquals(JsonNode.Parse(item.GetProperty("location").GetRawText()), pushed).ShouldBeTrue();
    }

    [Fact]
    public async Task updated_since_is_inclusive()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "LOC1", "2024-01-01T00:00:00Z");
        await Push.LocationAsync(cpo, "LOC2", "2024-02-01T00:00:00Z");
        await Push.LocationAsync(cpo, "LOC3", "2024-03-01T00:00:00Z");

        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&updated_since=2024-02-01T00:00:00Z"))
            .ShouldBe([Push.Key("location", cpo, "LOC2"), Push.Key("location", cpo, "LOC3")]);
        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&updated_since=2024-02-01T01:00:00%2B01:00"))
            .ShouldBe([Push.Key("location", cpo, "LOC2"), Push.Key("location", cpo, "LOC3")]);
        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&updated_since=2024-03-01T00:00:01Z")).ShouldBeEmpty();
    }

    [Fact]
    public async Task city_is_case_insensitive_and_country_is_iso_alpha3()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "GENT", "2024-01-01T00:00:00Z");
        await Push.LocationAsync(cpo, "AMS", "2024-01-02T00:00:00Z", l => { l["city"] = "Amsterdam"; l["country"] = "NLD"; });
        var gent = Push.Key("location", cpo, "GENT");
        var ams = Push.Key("location", cpo, "AMS");

        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&city=gent")).ShouldBe([gent]);
        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&city=AMSTERDAM")).ShouldBe([ams]);
        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&city=Amster")).ShouldBeEmpty();
        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&country=nld")).ShouldBe([ams]);
        (await emsp.IdsAsync($"/api/locations?partner_id={partnerId}&country=BEL&city=Gent")).ShouldBe([gent]);
    }

    [Fact]
    public async Task the_geo_box_includes_its_bounds_and_excludes_what_lies_outside()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "GENT", "2024-01-01T00:00:00Z"); // 51.047599, 3.729944
        await Push.LocationAsync(cpo, "AMS", "2024-01-02T00:00:00Z", l =>
            l["coordinates"] = new JsonObject { ["latitude"] = "52.370216", ["longitude"] = "4.895168" });
        var list = $"/api/locations?partner_id={partnerId}";

        (await emsp.IdsAsync($"{list}&min_lat=51&max_lat=51.5&min_lon=3&max_lon=4")).ShouldBe([Push.Key("location", cpo, "GENT")]);
        (await emsp.IdsAsync($"{list}&min_lat=52&max_lat=53&min_lon=4&max_lon=5")).ShouldBe([Push.Key("location", cpo, "AMS")]);
        (await emsp.IdsAsync($"{list}&min_lat=51.047599&max_lat=52.370216&min_lon=3.729944&max_lon=4.895168")).Count.ShouldBe(2);
        (await emsp.IdsAsync($"{list}&min_lat=-10&max_lat=10&min_lon=-10&max_lon=10")).ShouldBeEmpty();
        (await emsp.IdsAsync($"{list}&min_lat=51&max_lat=53&min_lon=4&max_lon=5")).ShouldBe([Push.Key("location", cpo, "AMS")]);
    }

    [Fact]
    public async Task pages_are_stable_do_not_overlap_and_carry_the_total()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        // Two share a last_updated: the id breaks the tie.
        foreach (var (id, at) in new[] { ("LOC5", "2024-01-05T00:00:00Z"), ("LOC3", "2024-01-01T00:00:00Z"), ("LOC1", "2024-01-03T00:00:00Z"),
                     ("LOC4", "2024-01-03T00:00:00Z"), ("LOC2", "2024-01-02T00:00:00Z") })
            await Push.LocationAsync(cpo, id, at);
        string[] expected = ["LOC3", "LOC2", "LOC1", "LOC4", "LOC5"];
        var list = $"/api/locations?partner_id={partnerId}";

        var pages = new List<string>();
        for (var offset = 0; offset < 5; offset += 2)
        {
            var page = await emsp.GetAsync($"{list}&offset={offset}&limit=2");
            page.GetProperty("total").GetInt32().ShouldBe(5);
            page.GetProperty("offset").GetInt32().ShouldBe(offset);
            page.GetProperty("limit").GetInt32().ShouldBe(2);
            pages.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("location_id").GetString()!));
        }
        pages.ShouldBe(expected);
        (await emsp.IdsAsync(list)).ShouldBe(expected.Select(id => Push.Key("location", cpo, id)));

        var defaults = await emsp.GetAsync(list);
        defaults.GetProperty("offset").GetInt32().ShouldBe(0);
        defaults.GetProperty("limit").GetInt32().ShouldBe(50);
        var past = await emsp.GetAsync($"{list}&offset=10&limit=2");
        past.GetProperty("total").GetInt32().ShouldBe(5);
        past.GetProperty("items").GetArrayLength().ShouldBe(0);
        (await emsp.GetAsync($"{list}&limit=500")).GetProperty("items").GetArrayLength().ShouldBe(5);
    }

    [Fact]
    public async Task one_location_and_its_history_with_request_ids_case_insensitive_ids()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var party = cpo.Options.Party;
        var location = SpecExamples.OwnedBy("location_example.json", party);
        var url = Push.Url(cpo, "locations", "LOC1");
        var put = await Push.SendAsync(cpo, HttpMethod.Put, url, location);
        var patch = await Push.SendAsync(cpo, HttpMethod.Patch, url,
            new JsonObject { ["name"] = "Gent Noord", ["last_updated"] = "2024-01-01T00:00:00Z" });
        var path = $"/api/locations/{party.CountryCode.ToLowerInvariant()}/{party.PartyId.ToLowerInvariant()}/loc1";

        var view = await emsp.GetAsync(path);
        view.GetProperty("id").GetString().ShouldBe(Push.Key("location", cpo, "LOC1"));
        view.GetProperty("name").GetString().ShouldBe("Gent Noord");
        view.GetProperty("location").GetProperty("name").GetString().ShouldBe("Gent Noord");
        view.GetProperty("partner_id").GetString().ShouldBe(partnerId);

        var events = (await emsp.GetAsync(path + "/events")).EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["location_put", "location_patched"]);
        events.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1L, 2L]);
        events.Select(e => e.GetProperty("causation_id").GetString()).ShouldBe([put.RequestId, patch.RequestId]);
        events.Select(e => e.GetProperty("correlation_id").GetString()).ShouldBe([put.CorrelationId, patch.CorrelationId]);
        var headers = events[1].GetProperty("headers");
        headers.GetProperty("request_id").GetString().ShouldBe(patch.RequestId);
        headers.GetProperty("partner").GetString().ShouldBe(partnerId);
        headers.GetProperty("source").GetString().ShouldBe("ocpi");
        events[0].GetProperty("timestamp").GetString().ShouldNotBeNullOrEmpty();
        events[1].GetProperty("data").GetProperty("patch").GetProperty("name").GetString().ShouldBe("Gent Noord");
    }

    [Fact]
    public async Task an_unknown_location_is_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var party = cpo.Options.Party;
        (await emsp.InternalApi().GetAsync($"/api/locations/{party.CountryCode}/{party.PartyId}/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().GetAsync($"/api/locations/{party.CountryCode}/{party.PartyId}/NOPE/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=x", "offset")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("updated_since=yesterday", "updated_since")]
    [InlineData("country_code=DEU", "country_code")]
    [InlineData("country_code=DE&party_id=ABCD", "party_id")]
    [InlineData("party_id=ABC", "party_id")]
    [InlineData("country=NL", "country")]
    [InlineData("min_lat=50&max_lat=52&min_lon=3", "max_lon")]
    [InlineData("min_lat=north&max_lat=52&min_lon=3&max_lon=4", "min_lat")]
    [InlineData("min_lat=50&max_lat=91&min_lon=3&max_lon=4", "max_lat")]
    [InlineData("min_lat=50&max_lat=52&min_lon=5&max_lon=4", "max_lon")]
    public async Task a_bad_query_parameter_is_a_400_naming_it(string query, string parameter) =>
        await emsp.ShouldRefuseAsync($"/api/locations?{query}", parameter);
}
