using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Locations;

/// <summary>PUT and GET of whole Locations, EVSEs and Connectors, with the official examples.</summary>
public sealed class LocationPushTests(LocationsFixture emsp) : IClassFixture<LocationsFixture>
{
    public static TheoryData<string> LocationExamples => new()
    {
        "location_example.json",
        "location_example_parking_garage_opening_hours.json",
        "location_example_uc2_destination_charger.json",
        "location_example_uc3_destination_charger_not_published.json",
        "location_example_uc4_limited_visibility.json",
        "location_example_uc5_home_charge_point.json",
    };

    [Theory]
    [MemberData(nameof(LocationExamples))]
    public async Task every_official_location_example_is_accepted_and_reads_back_equal(string example)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy(example, cpo.Options.Party);
        var url = LocationUrl(cpo, location["id"]!.GetValue<string>());

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Created);
        put.StatusCode.ShouldBe(1000);
        put.Envelope!.Value.TryGetProperty("data", out _).ShouldBeFalse();
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), location).ShouldBeTrue(get.Data.GetRawText());
    }

    [Fact]
    public async Task a_second_identical_put_answers_200_and_leaves_the_same_state()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        var url = LocationUrl(cpo, "LOC1");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString());

        var again = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString());

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), location).ShouldBeTrue();
    }

    [Fact]
    public async Task evse_and_connector_levels_read_back_and_ids_are_case_insensitive()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        await cpo.CallEmspAsync(HttpMethod.Put, LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp, rawBody: location.ToJsonString());
        var evse = location["evses"]![0]!.AsObject();
        var uid = evse["uid"]!.GetValue<string>();
        var connectorId = evse["connectors"]![0]!["id"]!.GetValue<string>();

        var getEvse = await cpo.CallEmspAsync(HttpMethod.Get, LocationUrl(cpo, "loc1") + "/" + uid.ToLowerInvariant(), cpo.TokenForEmsp);
        var getConnector = await cpo.CallEmspAsync(HttpMethod.Get, $"{LocationUrl(cpo, "LOC1")}/{uid}/{connectorId}", cpo.TokenForEmsp);

        JsonNode.DeepEquals(JsonNode.Parse(getEvse.Data.GetRawText()), evse).ShouldBeTrue();
        JsonNode.DeepEquals(JsonNode.Parse(getConnector.Data.GetRawText()), evse["connectors"]![0]).ShouldBeTrue();
    }

    [Fact]
    public async Task unknown_objects_are_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var get = await cpo.CallEmspAsync(HttpMethod.Get, LocationUrl(cpo, "NOPE"), cpo.TokenForEmsp);

        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.StatusCode.ShouldBe(2003);
    }

    public static string LocationUrl(CpoSimulator.CpoSimulator cpo, string id) =>
        $"{cpo.EmspEndpoint("locations")}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}";
}
