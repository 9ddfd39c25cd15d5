using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Versions;
using static Ocpi.Emsp.Tests.InvoiceReconciliation.InvoiceReconciliationFixture;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>Our reverse-billing records pushed to a CPO that advertises an invoicereconciliation RECEIVER.</summary>
public sealed class ReverseBillingPushTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    private static IEnumerable<RecordedRequest> RecordPushes(CpoSimulator.CpoSimulator cpo) =>
        cpo.RequestsTo("/ocpi/2.3.0/invoicereconciliation");

    [Fact]
    public async Task an_issued_record_is_posted_to_the_cpos_receiver_and_a_reissue_is_put()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync(ReceiverOptions());
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);

        var issued = await (await emsp.IssueAsync(cpo.Options.Party, "2026-05", "SB-PUSH")).Content.ReadFromJsonAsync<JsonElement>();
        var id = issued.GetProperty("id").GetString()!;

        await Eventually.HoldsAsync(() => RecordPushes(cpo).Any(), "the POST of the new record");
        var post = RecordPushes(cpo).ShouldHaveSingleItem();
        post.Method.ShouldBe("POST");
        post.Path.TrimEnd('/').ShouldBe("/ocpi/2.3.0/invoicereconciliation");
        post.Header("OCPI-to-party-id").ShouldBe(cpo.Options.Party.PartyId);
        var body = JsonNode.Parse(post.Body)!.AsObject();
        body["id"]!.GetValue<string>().ShouldBe(id);
        body["party_id"]!.GetValue<string>().ShouldBe(Us.PartyId);
        body["cdrs"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["A"]);

        (await emsp.IssueAsync(cpo.Options.Party, "2026-05", "SB-PUSH")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.HoldsAsync(() => RecordPushes(cpo).Count() == 2, "the PUT of the record issued again");
        var put = RecordPushes(cpo).Last();
        put.Method.ShouldBe("PUT");
        put.Path.ShouldBe($"/ocpi/2.3.0/invoicereconciliation/{Us.CountryCode}/{Us.PartyId}/{id}");
    }

    [Fact]
    public async Task a_cpo_without_a_receiver_gets_no_push_and_pulls_instead()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (withReceiver, _) = await emsp.RegisteredCpoAsync(ReceiverOptions());
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        await PostCdrAsync(withReceiver, "B", "2026-05-03T10:00:00Z", 10.00m, 2.10m);

        (await emsp.IssueAsync(cpo.Options.Party, "2026-05", "SB-PULL")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await emsp.IssueAsync(withReceiver.Options.Party, "2026-05", "SB-PULL")).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Checked once the other CPO's push arrived: the first CPO advertises no receiver, so nothing is sent to it.
        await Eventually.HoldsAsync(() => RecordPushes(withReceiver).Any(), "the push to the CPO with a receiver");
        RecordPushes(cpo).ShouldBeEmpty();
        var pulled = await cpo.CallEmspAsync(HttpMethod.Get, ModuleUrl(cpo), cpo.TokenForEmsp);
        pulled.Data.EnumerateArray().Select(r => r.GetProperty("invoice_id").GetString()).ShouldBe(["SB-PULL"]);
    }

    private static CpoSimulatorOptions ReceiverOptions()
    {
        var options = new CpoSimulatorOptions { Party = EmspFixture.NextParty() };
        options.Modules.Add((ModuleId.InvoiceReconciliation, InterfaceRole.RECEIVER));
        return options;
    }
}
