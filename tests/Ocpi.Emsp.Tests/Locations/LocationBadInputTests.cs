using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Locations;

/// <summary>Every bad-input class on the Locations receiver: the spec's status, a message naming the field, nothing stored.</summary>
public sealed class LocationBadInputTests(LocationsFixture emsp) : IClassFixture<LocationsFixture>
{
    private static string Key(CpoSimulator.CpoSimulator cpo, string id) =>
        $"location:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:{id.ToUpperInvariant()}";

    public static TheoryData<string, string, string> BadLocations => new()
    {
        { "missing required field", "remove:city", "city: required field is missing" },
        { "too long string", "set:postal_code=" + new string('9', 11), "postal_code: too long" },
        { "wrong type", "number:publish", "publish: expected boolean" },
        { "unknown closed enum", "evse_status:BROKEN", "evses[0].status: 'BROKEN' is not a valid Status" },
        { "bad coordinates", "latitude:51.04", "coordinates.latitude" },
        { "url/body id mismatch", "set:id=OTHER", "id: 'OTHER' differs from the id in the URL" },
    };

    [Theory]
    [MemberData(nameof(BadLocations))]
    public async Task an_invalid_location_put_gets_2001_naming_the_field_and_stores_nothing(string _, string change, string expected)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        Apply(location, change);

        var put = await cpo.CallEmspAsync(HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp, rawBody: location.ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain(expected);
        (await emsp.EventTypesAsync(Key(cpo, "LOC1"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task malformed_json_is_http_400_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var put = await cpo.CallEmspAsync(HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp, rawBody: "{\"id\": \"LOC1\",");

        put.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.EventTypesAsync(Key(cpo, "LOC1"))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task an_oversized_body_is_413_and_stores_nothing_whether_or_not_its_length_was_announced(bool announced)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        location["padding"] = new string('x', 5 * 1024 * 1024);
        var bytes = System.Text.Encoding.UTF8.GetBytes(location.ToJsonString());
        using var client = emsp.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"));
        request.Headers.TryAddWithoutValidation("Authorization", Protocol.Transport.CredentialsTokenHeader.Encode(cpo.TokenForEmsp!));
        request.Content = announced
            ? new ByteArrayContent(bytes)
            : new StreamContent(new UnannouncedLengthStream(bytes)); // sent chunked: no Content-Length
        request.Content.Headers.ContentType = new("application/json");

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"status_code\":2000");
        (await emsp.EventTypesAsync(Key(cpo, "LOC1"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_body_sent_without_content_length_is_read_whole_across_many_reads()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        // Several of the reader's chunks, each object within the cap on unknown fields.
        location["padding"] = new string('x', 60 * 1024);
        foreach (var evse in location["evses"]!.AsArray()) evse!["padding"] = new string('y', 60 * 1024);
        using var client = emsp.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"));
        request.Headers.TryAddWithoutValidation("Authorization", Protocol.Transport.CredentialsTokenHeader.Encode(cpo.TokenForEmsp!));
        request.Content = new StreamContent(new UnannouncedLengthStream(System.Text.Encoding.UTF8.GetBytes(location.ToJsonString())));
        request.Content.Headers.ContentType = new("application/json");

        var response = await client.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).ShouldContain("\"status_code\":1000");
        var stored = JsonNode.Parse((await cpo.CallEmspAsync(HttpMethod.Get, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp)).Data.GetRawText());
        JsonNode.DeepEquals(stored, location).ShouldBeTrue();
    }

    /// <summary>A readable stream that does not tell its length, so the request goes out without Content-Length.</summary>
    private sealed class UnannouncedLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task unknown_fields_and_unknown_open_enum_values_are_accepted_and_kept()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        location["future_field"] = new JsonObject { ["nested"] = true };
        location["facilities"] = new JsonArray("HOTEL", "ROOFTOP_BAR");
        location["evses"]![0]!["connectors"]![0]!["standard"] = "FUTURE_PLUG";
        var url = LocationPushTests.LocationUrl(cpo, "LOC1");

        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString())).StatusCode.ShouldBe(1000);

        var stored = JsonNode.Parse((await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp)).Data.GetRawText());
        JsonNode.DeepEquals(stored, location).ShouldBeTrue();
    }

    [Fact]
    public async Task another_partys_url_is_404_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", other.Options.Party);
        var url = LocationPushTests.LocationUrl(other, "LOC1").Replace(other.EmspEndpoint("locations"), cpo.EmspEndpoint("locations"));

        var put = await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString());
        var get = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);

        put.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.EventTypesAsync(Key(other, "LOC1"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_body_owned_by_another_party_than_the_url_is_2001()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        location["party_id"] = "ZZZ";

        var put = await cpo.CallEmspAsync(HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp, rawBody: location.ToJsonString());

        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain("party_id");
        (await emsp.EventTypesAsync(Key(cpo, "LOC1"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_patch_of_an_unknown_location_or_evse_is_404_and_creates_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var patch = new JsonObject { ["name"] = "x", ["last_updated"] = "2030-01-01T00:00:00Z" };
        var url = LocationPushTests.LocationUrl(cpo, "GHOST");

        var result = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch.ToJsonString());
        var evse = await cpo.CallEmspAsync(HttpMethod.Put, url + "/E1", cpo.TokenForEmsp,
            rawBody: SpecExamples.OwnedBy("location_example.json", cpo.Options.Party)["evses"]![0]!.ToJsonString());

        result.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        result.StatusCode.ShouldBe(2003);
        evse.HttpStatus.ShouldBe(HttpStatusCode.OK); // uid mismatch (3256 vs E1) is caught first: 2001
        evse.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync(Key(cpo, "GHOST"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_patch_without_last_updated_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var url = LocationPushTests.LocationUrl(cpo, "LOC1");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: SpecExamples.OwnedBy("location_example.json", cpo.Options.Party).ToJsonString());

        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, url + "/3256", cpo.TokenForEmsp, rawBody: """{"status":"CHARGING"}""");
        var badValue = await cpo.CallEmspAsync(HttpMethod.Patch, url + "/3256", cpo.TokenForEmsp,
            rawBody: """{"status":"EXPLODED","last_updated":"2030-01-01T00:00:00Z"}""");

        patch.StatusCode.ShouldBe(2001);
        patch.StatusMessage!.ShouldContain("last_updated: required field is missing");
        badValue.StatusCode.ShouldBe(2001);
        badValue.StatusMessage!.ShouldContain("status");
        (await emsp.EventTypesAsync(Key(cpo, "LOC1"))).ShouldBe(["LocationPut"]);
    }

    [Fact]
    public async Task a_patch_that_would_leave_an_invalid_location_is_2001()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var url = LocationPushTests.LocationUrl(cpo, "LOC1");
        await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: SpecExamples.OwnedBy("location_example.json", cpo.Options.Party).ToJsonString());
        var duplicate = """{"connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":220,"max_amperage":16,"last_updated":"2030-01-01T00:00:00Z"},{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":220,"max_amperage":16,"last_updated":"2030-01-01T00:00:00Z"}],"last_updated":"2030-01-01T00:00:00Z"}""";

        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, url + "/3256", cpo.TokenForEmsp, rawBody: duplicate);

        patch.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync(Key(cpo, "LOC1"))).ShouldBe(["LocationPut"]);
    }

    private static void Apply(JsonObject location, string change)
    {
        var (op, arg) = (change[..change.IndexOf(':')], change[(change.IndexOf(':') + 1)..]);
        switch (op)
        {
            case "remove": location.Remove(arg); break;
            case "set": location[arg[..arg.IndexOf('=')]] = arg[(arg.IndexOf('=') + 1)..]; break;
            case "number": location[arg] = 1; break;
            case "evse_status": location["evses"]![0]!["status"] = arg; break;
            case "latitude": location["coordinates"]!["latitude"] = arg; break;
        }
    }
}
