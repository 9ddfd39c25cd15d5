using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Versions;
using static Ocpi.Emsp.Tests.InvoiceReconciliation.InvoiceReconciliationFixture;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>The RECEIVER interface (direct billing): a CPO's POST, PUT, GET and DELETE of its records, and the version details.</summary>
public sealed class DirectBillingReceiverTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    [Fact]
    public async Task version_details_list_the_module_with_both_roles_on_one_url()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var details = await cpo.CallEmspAsync(HttpMethod.Get, InvoiceReconciliationFixture.PublicUrl + "/ocpi/2.3.0", cpo.TokenForEmsp);

        details.StatusCode.ShouldBe(1000);
        var endpoints = details.Data.GetProperty("endpoints").EnumerateArray()
            .Where(e => e.GetProperty("identifier").GetString() == ModuleId.InvoiceReconciliation).ToList();
        endpoints.Select(e => e.GetProperty("role").GetString()).ShouldBe(["RECEIVER", "SENDER"], ignoreOrder: true);
        endpoints.Select(e => e.GetProperty("url").GetString()).Distinct()
            .ShouldBe([InvoiceReconciliationFixture.PublicUrl + "/ocpi/2.3.0/invoicereconciliation"]);
        cpo.EmspEndpoints.Count(e => e.Identifier == ModuleId.InvoiceReconciliation).ShouldBe(2);
    }

    [Fact]
    public async Task a_posted_record_is_stored_as_an_event_with_its_metadata_and_reads_back_equal()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var record = Record(cpo.Options.Party, "IR-1", "INV202303", "1", "2", "3");

        var post = await PostRecordAsync(cpo, record);

        post.HttpStatus.ShouldBe(HttpStatusCode.Created);
        post.StatusCode.ShouldBe(1000, post.StatusMessage);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "IR-1"), cpo.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse(get.Data.GetRawText()), record).ShouldBeTrue(get.Data.GetRawText());
        await using var session = emsp.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Key(cpo.Options.Party, "IR-1"));
        events.Select(e => e.Data.GetType().Name).ShouldBe(["InvoiceReconciliationRecordPushed"]);
        events[0].Headers!["partner"].ToString().ShouldBe(partnerId);
        events[0].Headers!["source"].ToString().ShouldBe("ocpi");
        events[0].CausationId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task a_put_replaces_the_record_and_a_post_of_a_held_id_replaces_it_too()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        (await PutRecordAsync(cpo, Record(cpo.Options.Party, "IR-2", "INV-A", "1", "2"))).HttpStatus.ShouldBe(HttpStatusCode.Created);

        var corrected = Record(cpo.Options.Party, "IR-2", "INV-A", "1", "2", "4");
        corrected["last_updated"] = "2026-04-02T09:00:00Z";
        var put = await PutRecordAsync(cpo, corrected);
        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(1000);
        JsonNode.DeepEquals(JsonNode.Parse((await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "IR-2"), cpo.TokenForEmsp)).Data.GetRawText()), corrected)
            .ShouldBeTrue();

        var again = Record(cpo.Options.Party, "IR-2", "INV-B", "9");
        again["last_updated"] = "2026-04-03T09:00:00Z";
        var post = await PostRecordAsync(cpo, again);
        post.HttpStatus.ShouldBe(HttpStatusCode.OK);
        post.StatusCode.ShouldBe(1000);
        var report = await emsp.ReportAsync(cpo.Options.Party, "IR-2");
        report.GetProperty("invoice_id").GetString().ShouldBe("INV-B");
        report.GetProperty("cdrs").EnumerateArray().Select(c => c.GetString()).ShouldBe(["9"]);
        (await emsp.EventTypesAsync(Key(cpo.Options.Party, "IR-2")))
            .ShouldBe(["InvoiceReconciliationRecordPushed", "InvoiceReconciliationRecordPushed", "InvoiceReconciliationRecordPushed"]);
    }

    [Fact]
    public async Task an_older_push_is_recorded_but_not_applied()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var held = Record(cpo.Options.Party, "IR-3", "INV-NEW", "1");
        held["last_updated"] = "2026-05-01T00:00:00Z";
        await PutRecordAsync(cpo, held);

        var older = await PutRecordAsync(cpo, Record(cpo.Options.Party, "IR-3", "INV-OLD", "2"));

        older.StatusCode.ShouldBe(1000);
        older.StatusMessage!.ShouldContain("not applied");
        (await emsp.ReportAsync(cpo.Options.Party, "IR-3")).GetProperty("invoice_id").GetString().ShouldBe("INV-NEW");
        (await emsp.EventTypesAsync(Key(cpo.Options.Party, "IR-3")))
            .ShouldBe(["InvoiceReconciliationRecordPushed", "InvoiceReconciliationRecordStalePushIgnored"]);
    }

    [Fact]
    public async Task delete_removes_the_record_from_get_and_a_put_creates_it_again()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PutRecordAsync(cpo, Record(cpo.Options.Party, "IR-4", "INV-4", "1"));

        var delete = await cpo.CallEmspAsync(HttpMethod.Delete, Url(cpo, "IR-4"), cpo.TokenForEmsp);

        delete.HttpStatus.ShouldBe(HttpStatusCode.OK);
        delete.StatusCode.ShouldBe(1000);
        var get = await cpo.CallEmspAsync(HttpMethod.Get, Url(cpo, "IR-4"), cpo.TokenForEmsp);
        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        get.StatusCode.ShouldBe(2001);
        (await cpo.CallEmspAsync(HttpMethod.Delete, Url(cpo, "IR-4"), cpo.TokenForEmsp)).StatusCode.ShouldBe(1000);
        (await emsp.ReportAsync(cpo.Options.Party, "IR-4")).GetProperty("deleted").GetBoolean().ShouldBeTrue();
        (await PutRecordAsync(cpo, Record(cpo.Options.Party, "IR-4", "INV-4", "1"))).HttpStatus.ShouldBe(HttpStatusCode.Created);
        (await emsp.EventTypesAsync(Key(cpo.Options.Party, "IR-4")))
            .ShouldBe(["InvoiceReconciliationRecordPushed", "InvoiceReconciliationRecordDeleted", "InvoiceReconciliationRecordPushed"]);
    }

    [Fact]
    public async Task delete_of_an_unknown_record_is_404_and_patch_is_not_allowed()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var delete = await cpo.CallEmspAsync(HttpMethod.Delete, Url(cpo, "NOPE"), cpo.TokenForEmsp);
        delete.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        delete.StatusCode.ShouldBe(2001);
        var patch = await cpo.CallEmspAsync(HttpMethod.Patch, Url(cpo, "NOPE"), cpo.TokenForEmsp, rawBody: """{"invoice_id":"X"}""");
        patch.HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await emsp.EventTypesAsync(Key(cpo.Options.Party, "NOPE"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_credit_cdr_id_of_39_characters_is_accepted_in_cdrs()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var credit = new string('C', 36) + "-CR";

        var post = await PostRecordAsync(cpo, Record(cpo.Options.Party, "IR-5", "INV-5", "1", credit));

        post.StatusCode.ShouldBe(1000, post.StatusMessage);
        (await emsp.ReportAsync(cpo.Options.Party, "IR-5")).GetProperty("cdrs")[1].GetString().ShouldBe(credit);
    }
}
