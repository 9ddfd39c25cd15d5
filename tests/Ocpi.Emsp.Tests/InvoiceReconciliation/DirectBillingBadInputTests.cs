using System.Net;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using static Ocpi.Emsp.Tests.InvoiceReconciliation.InvoiceReconciliationFixture;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>Every bad-input class on a record push: the spec's status, a message naming the field, nothing stored.</summary>
public sealed class DirectBillingBadInputTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    private static readonly Dictionary<string, Action<JsonObject>> Spoilers = new()
    {
        ["missing invoice_id"] = r => r.Remove("invoice_id"),
        ["missing cdrs"] = r => r.Remove("cdrs"),
        ["empty cdrs"] = r => r["cdrs"] = new JsonArray(),
        ["cdrs as objects"] = r => r["cdrs"] = new JsonArray(new JsonObject { ["id"] = "1" }),
        ["over-long cdr id"] = r => r["cdrs"]![0] = new string('X', 40),
        ["over-long invoice_id"] = r => r["invoice_id"] = new string('I', 256),
        ["missing last_updated"] = r => r.Remove("last_updated"),
        ["bad last_updated"] = r => r["last_updated"] = "yesterday",
    };

    public static TheoryData<string, string, string> BadRecords
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var method in new[] { "POST", "PUT" })
            {
                data.Add(method, "missing invoice_id", "invoice_id: required field is missing");
                data.Add(method, "missing cdrs", "cdrs: required field is missing");
                data.Add(method, "empty cdrs", "cdrs: must contain at least one element");
                data.Add(method, "cdrs as objects", "cdrs[0]: expected CiString(39)");
                data.Add(method, "over-long cdr id", "cdrs[0]: too long (40 characters, max 39)");
                data.Add(method, "over-long invoice_id", "invoice_id: too long (256 characters, max 255)");
                data.Add(method, "missing last_updated", "last_updated: required field is missing");
                data.Add(method, "bad last_updated", "last_updated: is not a valid DateTime");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task an_invalid_record_is_2001_naming_the_field_and_stores_nothing(string method, string spoiler, string expected)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var record = Record(cpo.Options.Party, "BAD-1", "INV-1", "1");
        Spoilers[spoiler](record);

        var answer = method == "POST" ? await PostRecordAsync(cpo, record) : await PutRecordAsync(cpo, record);

        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
        answer.StatusCode.ShouldBe(2001);
        answer.StatusMessage!.ShouldContain(expected);
        await NothingStoredAsync(cpo, cpo.Options.Party, "BAD-1");
    }

    [Fact]
    public async Task an_over_long_record_id_is_2001_in_the_body_and_in_the_url()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var id = new string('R', 37);

        var post = await PostRecordAsync(cpo, Record(cpo.Options.Party, id, "INV-1", "1"));
        post.StatusCode.ShouldBe(2001);
        post.StatusMessage!.ShouldContain("id: too long (37 characters, max 36)");

        var put = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, id), cpo.TokenForEmsp, rawBody: Record(cpo.Options.Party, id, "INV-1", "1").ToJsonString());
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain("id in the URL must be a CiString(36)");
        await NothingStoredAsync(cpo, cpo.Options.Party, id);
    }

    [Fact]
    public async Task a_put_whose_body_differs_from_the_url_is_2001_and_stores_nothing()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var otherId = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "URL-ID"), cpo.TokenForEmsp,
            rawBody: Record(cpo.Options.Party, "BODY-ID", "INV-1", "1").ToJsonString());
        otherId.StatusCode.ShouldBe(2001);
        otherId.StatusMessage!.ShouldContain("id: 'BODY-ID' differs from the id in the URL");

        var otherOwner = await cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, "URL-ID"), cpo.TokenForEmsp,
            rawBody: Record(new("DE", "ZZZ"), "URL-ID", "INV-1", "1").ToJsonString());
        otherOwner.StatusCode.ShouldBe(2001);
        otherOwner.StatusMessage!.ShouldContain("party_id: 'ZZZ' differs from the URL's");
        await NothingStoredAsync(cpo, cpo.Options.Party, "URL-ID");
        await NothingStoredAsync(cpo, cpo.Options.Party, "BODY-ID");
    }

    [Fact]
    public async Task a_cpo_cannot_write_read_or_delete_records_of_another_cpos_party()
    {
        var (victim, _) = await emsp.RegisteredCpoAsync();
        var (intruder, _) = await emsp.RegisteredCpoAsync();
        var held = Record(victim.Options.Party, "IR-V", "INV-V", "1");
        (await PostRecordAsync(victim, held)).StatusCode.ShouldBe(1000);
        var forged = Record(victim.Options.Party, "IR-V", "FORGED", "666");
        forged["last_updated"] = "2027-01-01T00:00:00Z";

        var post = await PostRecordAsync(intruder, forged);
        post.StatusCode.ShouldBe(2001);
        post.StatusMessage!.ShouldContain("is not one of the parties of this connection");
        var url = Url(intruder, "IR-V", victim.Options.Party);
        var put = await intruder.CallEmspAsync(HttpMethod.Put, url, intruder.TokenForEmsp, rawBody: forged.ToJsonString());
        put.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        put.StatusCode.ShouldBe(2001);
        (await intruder.CallEmspAsync(HttpMethod.Get, url, intruder.TokenForEmsp)).StatusCode.ShouldBe(2001);
        (await intruder.CallEmspAsync(HttpMethod.Delete, url, intruder.TokenForEmsp)).StatusCode.ShouldBe(2001);

        (await emsp.EventTypesAsync(Key(victim.Options.Party, "IR-V"))).ShouldBe(["InvoiceReconciliationRecordPushed"]);
        var get = await victim.CallEmspAsync(HttpMethod.Get, Url(victim, "IR-V"), victim.TokenForEmsp);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), held).ShouldBeTrue();
        await NothingStoredAsync(intruder, intruder.Options.Party, "IR-V");
    }

    [Fact]
    public async Task a_cpo_with_two_parties_writes_under_each_of_them()
    {
        var second = EmspFixture.NextParty();
        var (cpo, _) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions { Party = EmspFixture.NextParty(), ExtraParties = [second] });

        var post = await PostRecordAsync(cpo, Record(second, "IR-2ND", "INV-1", "1"));

        post.StatusCode.ShouldBe(1000, post.StatusMessage);
        (await emsp.EventTypesAsync(Key(second, "IR-2ND"))).ShouldBe(["InvoiceReconciliationRecordPushed"]);
        (await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "IR-2ND", second), cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
    }

    private async Task NothingStoredAsync(CpoSimulator.CpoSimulator cpo, PartyRef owner, string id)
    {
        (await emsp.EventTypesAsync(Key(owner, id))).ShouldBeEmpty();
        if (id.Length <= 36)
            (await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, id, owner), cpo.TokenForEmsp)).HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }
}
