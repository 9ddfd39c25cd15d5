using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Cdrs;
using static Ocpi.Emsp.Tests.Cdrs.CdrExamples;

namespace Ocpi.Emsp.Tests.Cdrs;

/// <summary>Every bad-input class on a CDR POST: the spec's status, a message naming the field, nothing stored.</summary>
public sealed class CdrBadInputTests(CdrsFixture emsp) : IClassFixture<CdrsFixture>
{
    private static readonly Dictionary<string, Action<JsonObject>> Spoilers = new()
    {
        ["credit without credit_reference_id"] = c => c["credit"] = true,
        ["37-character id on a non-credit CDR"] = c => c["id"] = new string('9', 37),
        ["40-character id even on a credit CDR"] = c =>
        {
            c["id"] = new string('9', 40);
            c["credit"] = true;
            c["credit_reference_id"] = "12345";
        },
        ["missing required field"] = c => c.Remove("total_energy"),
        ["missing cdr_location field"] = c => c["cdr_location"]!.AsObject().Remove("evse_id"),
        ["no charging periods"] = c => c["charging_periods"] = new JsonArray(),
        ["session-only dimension"] = c => c["charging_periods"]![0]!["dimensions"]![0]!["type"] = "STATE_OF_CHARGE",
        ["too long address"] = c => c["cdr_location"]!["address"] = new string('a', 46),
        ["wrong type"] = c => c["total_time"] = "1.973",
        ["unknown auth method"] = c => c["auth_method"] = "NFC",
        ["embedded tariff without tax_included"] = c => c["tariffs"]![0]!.AsObject().Remove("tax_included"),
        ["bad coordinates"] = c => c["cdr_location"]!["coordinates"]!["latitude"] = "3.7",
        ["empty id"] = c => c["id"] = "",
    };

    public static TheoryData<string, string> BadCdrs => new()
    {
        { "credit without credit_reference_id", "credit_reference_id: required for a Credit CDR" },
        { "37-character id on a non-credit CDR", "id: too long for a non-credit CDR" },
        { "40-character id even on a credit CDR", "id: too long (40 characters, max 39)" },
        { "missing required field", "total_energy: required field is missing" },
        { "missing cdr_location field", "cdr_location.evse_id: required field is missing" },
        { "no charging periods", "charging_periods: must contain at least one element" },
        { "session-only dimension", "charging_periods[0].dimensions[0].type: 'STATE_OF_CHARGE' is a Session-only CdrDimensionType" },
        { "too long address", "cdr_location.address: too long" },
        { "wrong type", "total_time: expected number" },
        { "unknown auth method", "auth_method: 'NFC' is not a valid AuthMethod" },
        { "embedded tariff without tax_included", "tariffs[0].tax_included: required field is missing" },
        { "bad coordinates", "cdr_location.coordinates.latitude" },
        { "empty id", "id must not be empty" },
    };

    [Theory]
    [MemberData(nameof(BadCdrs))]
    public async Task an_invalid_cdr_is_2001_naming_the_field_and_stores_nothing(string spoiler, string expected)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        Spoilers[spoiler](cdr);

        var post = await PostAsync(cpo, cdr);

        post.HttpStatus.ShouldBe(HttpStatusCode.OK);
        post.StatusCode.ShouldBe(2001);
        post.StatusMessage!.ShouldContain(expected);
        post.Headers.ShouldNotContainKey("Location");
        (await PushedEventTypesAsync(emsp, Key(cpo, cdr["id"]!.GetValue<string>()))).ShouldBeEmpty();
        await NothingStoredForAsync(cpo);
    }

    [Theory]
    [InlineData("""{"id": "12345",""")]
    [InlineData("<cdr/>")]
    public async Task invalid_json_is_http_400_and_stores_nothing(string body)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var post = await cpo.CallEmspAsync(HttpMethod.Post, cpo.EmspEndpoint("cdrs"), cpo.TokenForEmsp, rawBody: body);

        post.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        await NothingStoredForAsync(cpo);
    }

    [Fact]
    public async Task a_cdr_of_another_registered_partys_cpo_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(other);

        var post = await PostAsync(cpo, cdr);

        post.HttpStatus.ShouldBe(HttpStatusCode.OK);
        post.StatusCode.ShouldBe(2001);
        post.StatusMessage!.ShouldContain("country_code/party_id");
        post.Headers.ShouldNotContainKey("Location");
        (await PushedEventTypesAsync(emsp, Key(other, "12345"))).ShouldBeEmpty();
        await NothingStoredForAsync(other);
    }

    [Fact]
    public async Task a_cdr_of_an_unknown_party_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        cdr["party_id"] = "ZZZ";

        var post = await PostAsync(cpo, cdr);

        post.StatusCode.ShouldBe(2001);
        (await emsp.EventTypesAsync($"cdr:{cpo.Options.Party.CountryCode}-ZZZ:12345")).ShouldBeEmpty();
        await NothingStoredForAsync(cpo);
    }

    [Fact]
    public async Task a_rejected_repost_of_a_held_cdr_leaves_it_unchanged()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        await PostAsync(cpo, cdr);
        var invalid = cdr.DeepClone().AsObject();
        invalid.Remove("total_cost");

        var post = await PostAsync(cpo, invalid);

        post.StatusCode.ShouldBe(2001);
        (await PushedEventTypesAsync(emsp, Key(cpo, "12345"))).ShouldBe(["CdrReceived"]);
    }

    [Fact]
    public async Task a_get_with_a_cdr_id_longer_than_39_is_2001()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, new string('9', 40)), cpo.TokenForEmsp);

        get.StatusCode.ShouldBe(2001);
        get.StatusMessage!.ShouldContain("cdr_id");
    }

    private async Task NothingStoredForAsync(CpoSimulator.CpoSimulator cpo)
    {
        await using var query = emsp.Store.QuerySession();
        (await query.Query<CdrView>().Where(v => v.PartyId == cpo.Options.Party.PartyId).CountAsync()).ShouldBe(0);
    }
}
