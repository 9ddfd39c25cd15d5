using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Fuzz;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Locations;
using Ocpi.Emsp.Tests.Sessions;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>
/// The caps on what a partner can make us store (Emsp:MaxObjectBytes, Emsp:MaxUnknownFieldBytes; small in this fixture),
/// and authorize keeping only the spec's fields of its body.
/// </summary>
public sealed class ObjectCapTests(HostileInputFixture emsp) : IClassFixture<HostileInputFixture>
{
    private static string Padding(int length) => new('x', length);

    [Fact]
    public async Task patches_that_would_exceed_the_cap_on_unknown_fields_are_refused_with_2001_naming_the_cap_and_store_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var url = LocationPushTests.LocationUrl(cpo, "LOC1");
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: location.ToJsonString())).StatusCode.ShouldBe(1000);
        var evseUrl = $"{url}/{location["evses"]![0]!["uid"]}";
        var key = $"location:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:";

        var first = new JsonObject { ["x_a"] = Padding(600), ["last_updated"] = "2030-01-01T00:00:00Z" };
        (await cpo.CallEmspAsync(HttpMethod.Patch, evseUrl, cpo.TokenForEmsp, rawBody: first.ToJsonString())).StatusCode.ShouldBe(1000);
        var events = await RawOcpi.EventCountAsync(emsp, key);

        // Alone within the cap, together over it.
        var second = new JsonObject { ["x_b"] = Padding(600), ["last_updated"] = "2030-01-01T00:00:01Z" };
        var refused = await cpo.CallEmspAsync(HttpMethod.Patch, evseUrl, cpo.TokenForEmsp, rawBody: second.ToJsonString());
        refused.HttpStatus.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(2001);
        refused.StatusMessage!.ShouldContain("evses[0]");
        refused.StatusMessage!.ShouldContain($"cap of {HostileInputFixture.MaxUnknownFieldBytes} bytes of unknown fields per object");
        var alone = new JsonObject { ["x_c"] = Padding(1200), ["last_updated"] = "2030-01-01T00:00:02Z" };
        (await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: alone.ToJsonString())).StatusCode.ShouldBe(2001);

        (await RawOcpi.EventCountAsync(emsp, key)).ShouldBe(events);
        var stored = await SessionPushTests.GetAsync(cpo, evseUrl);
        stored.ContainsKey("x_b").ShouldBeFalse();
        stored["x_a"]!.GetValue<string>().ShouldBe(Padding(600));
    }

    [Fact]
    public async Task a_put_over_the_object_cap_is_refused_with_2001_naming_the_cap_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        // Each object within the cap on unknown fields; the whole over the cap on objects.
        location["x_a"] = Padding(900);
        var evses = location["evses"]!.AsArray();
        for (var i = 0; evses.Count < 8; i++)
        {
            var copy = evses[0]!.DeepClone().AsObject();
            copy["uid"] = $"EXTRA{i}";
            copy["x_a"] = Padding(900);
            evses.Add(copy);
        }

        var answer = await cpo.CallEmspAsync(HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp, rawBody: location.ToJsonString());

        answer.StatusCode.ShouldBe(2001, answer.StatusMessage);
        answer.StatusMessage!.ShouldContain($"cap of {HostileInputFixture.MaxObjectBytes} bytes per object");
        (await RawOcpi.EventCountAsync(emsp, $"location:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:")).ShouldBe(0);
    }

    [Fact]
    public async Task session_patches_that_would_grow_it_beyond_the_object_cap_are_refused_and_the_session_stays_within_it()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        var url = SessionPushTests.SessionUrl(cpo, session["id"]!.GetValue<string>());
        (await cpo.CallEmspAsync(HttpMethod.Put, url, cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);

        // Each PATCH appends 12 new charging periods (the spec's rule), about 1.4 kB; a period equal to one held would
        // be a redelivery and not appended again, so each PATCH's periods start at another hour.
        int? refusedAt = null;
        for (var n = 0; n < 20 && refusedAt is null; n++)
        {
            var periods = new JsonArray();
            for (var i = 0; i < 12; i++)
                periods.Add(new JsonObject
                {
                    ["start_date_time"] = $"2030-01-01T{n:00}:{i:00}:00Z",
                    ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = 1.5 + i }),
                });
            var patch = new JsonObject { ["charging_periods"] = periods, ["last_updated"] = $"2030-01-01T20:00:{n:00}Z" };
            var answer = await cpo.CallEmspAsync(HttpMethod.Patch, url, cpo.TokenForEmsp, rawBody: patch.ToJsonString());
            if (answer.StatusCode == 2001)
            {
                answer.StatusMessage!.ShouldContain($"cap of {HostileInputFixture.MaxObjectBytes} bytes per object");
                refusedAt = n;
            }
            else answer.StatusCode.ShouldBe(1000, answer.StatusMessage);
        }

        refusedAt.ShouldNotBeNull();
        refusedAt.Value.ShouldBeGreaterThan(1);
        var stored = await SessionPushTests.GetAsync(cpo, url);
        stored.ToJsonString().Length.ShouldBeLessThanOrEqualTo(HostileInputFixture.MaxObjectBytes);
        stored["charging_periods"]!.AsArray().Count.ShouldBe(12 * refusedAt.Value);
    }

    [Fact]
    public async Task authorize_stores_only_the_location_references_fields_of_its_body()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var uid = "H" + Guid.NewGuid().ToString("N")[..12];
        var token = Tokens.TokensFixture.NewToken(uid);
        (await emsp.InternalApi().PutAsync($"/api/tokens/{uid}?type=RFID", JsonContent.Create(token))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = new JsonObject { ["location_id"] = "LOC1", ["evse_uids"] = new JsonArray("E1", "E2"), ["x_junk"] = Padding(500) };

        var answer = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp, rawBody: body.ToJsonString());

        answer.StatusCode.ShouldBe(1000, answer.StatusMessage);
        var reference = answer.Data.GetProperty("authorization_reference").GetString()!;
        System.Text.Json.JsonElement? decision = null;
        await Eventually.HoldsAsync(async () => (decision = await RawOcpi.LastEventDataAsync(emsp, $"authorization:{reference}")) is not null, "decision stored");
        var requested = JsonNode.Parse(decision!.Value.GetProperty("requested_location").GetRawText())!;
        JsonNode.DeepEquals(requested, new JsonObject { ["location_id"] = "LOC1", ["evse_uids"] = new JsonArray("E1", "E2") }).ShouldBeTrue(requested.ToJsonString());
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("%0A")]
    [InlineData("RF%20ID")]
    public async Task authorize_with_a_malformed_type_is_refused_with_2001_naming_it(string type)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var answer = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/ANY1/authorize?type={type}", cpo.TokenForEmsp);

        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
        answer.StatusCode.ShouldBe(2001);
        answer.StatusMessage!.ShouldStartWith("type in the query");
    }
}
