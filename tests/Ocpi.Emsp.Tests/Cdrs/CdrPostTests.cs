using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Cdrs;
using static Ocpi.Emsp.Tests.Cdrs.CdrExamples;

namespace Ocpi.Emsp.Tests.Cdrs;

/// <summary>POST of CDRs, the Location header and GET at it; redelivery, immutability and credit CDRs.</summary>
public sealed class CdrPostTests(CdrsFixture emsp) : IClassFixture<CdrsFixture>
{
    [Fact]
    public async Task the_official_cdr_example_is_created_with_a_location_that_reads_it_back_equal()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);

        var post = await PostAsync(cpo, cdr);

        post.HttpStatus.ShouldBe(HttpStatusCode.Created);
        post.StatusCode.ShouldBe(1000, post.StatusMessage);
        post.Headers.ShouldContainKey("Location");
        post.Headers["Location"].ShouldBe(Url(cpo, "12345"));
        var get = await cpo.CallEmspAsync(HttpMethod.Get, post.Headers["Location"], cpo.TokenForEmsp);
        get.HttpStatus.ShouldBe(HttpStatusCode.OK);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), cdr).ShouldBeTrue(get.Data.GetRawText());
        (await PushedEventTypesAsync(emsp, Key(cpo, "12345"))).ShouldBe(["CdrReceived"]);
    }

    [Fact]
    public async Task an_identical_repost_is_200_with_the_same_location_and_recorded_as_a_redelivery()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        var first = await PostAsync(cpo, cdr);

        var again = await PostAsync(cpo, cdr);

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000);
        again.Headers["Location"].ShouldBe(first.Headers["Location"]);
        (await PushedEventTypesAsync(emsp, Key(cpo, "12345"))).ShouldBe(["CdrReceived", "CdrRedelivered"]);
        await using var query = emsp.Store.QuerySession();
        (await query.Query<CdrView>().Where(v => v.PartyId == cpo.Options.Party.PartyId).CountAsync()).ShouldBe(1);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, first.Headers["Location"], cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), cdr).ShouldBeTrue();
    }

    [Fact]
    public async Task a_repost_with_the_same_content_in_another_field_order_is_a_redelivery()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        await PostAsync(cpo, cdr);
        var reordered = new JsonObject();
        foreach (var (name, value) in cdr.Reverse()) reordered[name] = value?.DeepClone();

        var again = await PostAsync(cpo, reordered);

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000);
        (await PushedEventTypesAsync(emsp, Key(cpo, "12345"))).ShouldBe(["CdrReceived", "CdrRedelivered"]);
    }

    [Fact]
    public async Task a_repost_with_different_content_is_2000_and_the_original_is_kept()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        var first = await PostAsync(cpo, cdr);
        var changed = cdr.DeepClone().AsObject();
        changed["total_cost"]!["before_taxes"] = 3.00;

        var again = await PostAsync(cpo, changed);

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(2000);
        again.StatusMessage!.ShouldContain("credit CDR");
        var get = await cpo.CallEmspAsync(HttpMethod.Get, first.Headers["Location"], cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), cdr).ShouldBeTrue();
        (await PushedEventTypesAsync(emsp, Key(cpo, "12345"))).ShouldBe(["CdrReceived"]);
    }

    [Fact]
    public async Task a_credit_cdr_with_a_new_id_is_accepted_beside_the_original()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var original = Cdr(cpo);
        await PostAsync(cpo, original);
        var credit = Cdr(cpo, "12345-C");
        credit["credit"] = true;
        credit["credit_reference_id"] = "12345";
        credit["total_cost"] = new JsonObject
        {
            ["before_taxes"] = -4.00,
            ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = -0.40 }),
        };
        credit["last_updated"] = "2024-12-06T09:00:00Z";

        var post = await PostAsync(cpo, credit);

        post.HttpStatus.ShouldBe(HttpStatusCode.Created);
        post.StatusCode.ShouldBe(1000, post.StatusMessage);
        post.Headers["Location"].ShouldBe(Url(cpo, "12345-C"));
        var get = await cpo.CallEmspAsync(HttpMethod.Get, post.Headers["Location"], cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), credit).ShouldBeTrue();
        var originalGet = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "12345"), cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(originalGet.Data.GetRawText()), original).ShouldBeTrue();
    }

    [Fact]
    public async Task a_credit_cdr_may_use_a_39_character_id_and_is_readable_at_its_location()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var originalId = new string('7', 36);
        await PostAsync(cpo, Cdr(cpo, originalId));
        var credit = Cdr(cpo, originalId + "-CR");
        credit["credit"] = true;
        credit["credit_reference_id"] = originalId;
        credit["total_cost"] = new JsonObject { ["before_taxes"] = -4.00 };

        var post = await PostAsync(cpo, credit);

        post.HttpStatus.ShouldBe(HttpStatusCode.Created);
        post.StatusCode.ShouldBe(1000, post.StatusMessage);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, post.Headers["Location"], cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000, get.StatusMessage);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), credit).ShouldBeTrue();
    }

    // A CDR id is a CiString(39): any printable ASCII. The eMSP chooses the Location, so it must lead back to the CDR
    // whatever the id holds, including characters that are special in a URL path.
    [Theory]
    [InlineData("A/B")]
    [InlineData("A B")]
    [InlineData("A%2FB")]
    [InlineData("A%B")]
    [InlineData("A#B?C")]
    [InlineData("A+B&C=D")]
    public async Task the_location_of_a_cdr_leads_back_to_it_whatever_characters_its_id_holds(string id)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo, id);

        var post = await PostAsync(cpo, cdr);

        post.HttpStatus.ShouldBe(HttpStatusCode.Created);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, post.Headers["Location"], cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000, $"{post.Headers["Location"]}: {get.StatusMessage}");
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), cdr).ShouldBeTrue();
    }

    [Fact]
    public async Task cdr_ids_are_case_insensitive_for_get()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo, "Cdr-Mixed");
        await PostAsync(cpo, cdr);

        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "cdr-mixed"), cpo.TokenForEmsp);

        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), cdr).ShouldBeTrue();
    }

    [Fact]
    public async Task an_unknown_cdr_is_404()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "NOPE"), cpo.TokenForEmsp);

        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.StatusCode.ShouldNotBe(1000);
    }

    [Fact]
    public async Task another_partys_cdr_is_404_for_get()
    {
        var (owner, _) = await emsp.RegisteredCpoAsync();
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var post = await PostAsync(owner, Cdr(owner));
        var foreign = post.Headers["Location"].Replace(owner.EmspEndpoint("cdrs"), cpo.EmspEndpoint("cdrs"));

        var get = await cpo.CallEmspAsync(HttpMethod.Get, foreign, cpo.TokenForEmsp);

        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (get.Envelope!.Value.TryGetProperty("data", out var data) && data.ValueKind == System.Text.Json.JsonValueKind.Object).ShouldBeFalse();
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task a_cdr_cannot_be_replaced_updated_or_removed(string method)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Cdr(cpo);
        var post = await PostAsync(cpo, cdr);
        var changed = cdr.DeepClone().AsObject();
        changed["total_energy"] = 1;

        var result = await cpo.CallEmspAsync(new HttpMethod(method), post.Headers["Location"], cpo.TokenForEmsp,
            rawBody: method == "DELETE" ? null : changed.ToJsonString());

        result.HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await PushedEventTypesAsync(emsp, Key(cpo, "12345"))).ShouldBe(["CdrReceived"]);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, post.Headers["Location"], cpo.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), cdr).ShouldBeTrue();
    }
}
