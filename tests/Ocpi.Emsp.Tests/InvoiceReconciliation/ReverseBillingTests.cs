using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.InvoiceReconciliation;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using static Ocpi.Emsp.Tests.InvoiceReconciliation.InvoiceReconciliationFixture;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>Records we issue for our credit invoices (reverse billing): built from a CPO's CDRs of a month, reconciled, pulled.</summary>
public sealed class ReverseBillingTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    private static string CpoKey(PartyRef party) => $"{party.CountryCode}-{party.PartyId}";

    private async Task<JsonElement> IssuedAsync(PartyRef cpo, string month, string invoiceId, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await emsp.IssueAsync(cpo, month, invoiceId);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task an_issued_record_lists_the_cpos_cdrs_that_ended_in_the_month_and_is_owned_by_us()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        await PostCdrAsync(cpo, "B", "2026-05-31T23:30:00Z", 5.00m, 1.05m);
        await PostCdrAsync(cpo, "A-CR", "2026-05-03T10:00:00Z", -10.00m, -2.10m, credits: "A");
        await PostCdrAsync(cpo, "JUNE", "2026-06-01T00:00:00Z", 1.00m, 0.21m);
        await PostCdrAsync(cpo, "APRIL", "2026-04-30T23:59:59Z", 1.00m, 0.21m);
        await PostCdrAsync(other, "Z", "2026-05-10T10:00:00Z", 1.00m, 0.21m);

        var report = await IssuedAsync(cpo.Options.Party, "2026-05", "SB-2026-05");

        report.GetProperty("country_code").GetString().ShouldBe(Us.CountryCode);
        report.GetProperty("party_id").GetString().ShouldBe(Us.PartyId);
        report.GetProperty("direction").GetString().ShouldBe("REVERSE");
        report.GetProperty("cpo").GetString().ShouldBe(CpoKey(cpo.Options.Party));
        report.GetProperty("invoice_id").GetString().ShouldBe("SB-2026-05");
        // Ordered by end_date_time: the month is [2026-05-01T00:00Z, 2026-06-01T00:00Z).
        report.GetProperty("cdrs").EnumerateArray().Select(c => c.GetString()).ShouldBe(["A", "A-CR", "B"]);
        Findings(report).ShouldBe(["CREDIT_CDR A-CR"]);
        Detail(report, "CREDIT_CDR", "A-CR").ShouldBe("credits CDR A, listed by this record too");
        Totals(report).ShouldBe(["EUR 3 5.00 1.05 6.05"]);
        var id = report.GetProperty("id").GetString()!;
        id.Length.ShouldBeLessThanOrEqualTo(36);
        await using var session = emsp.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Key(Us, id));
        events.Select(e => e.Data.GetType().Name).ShouldBe(["InvoiceReconciliationRecordIssued"]);
        events[0].Headers!["source"].ToString().ShouldBe("internal-api");
    }

    [Fact]
    public async Task a_cdr_arriving_after_the_record_is_not_listed_and_a_second_invoice_lists_the_others_twice()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        await PostCdrAsync(cpo, "B", "2026-05-04T10:00:00Z", 5.00m, 1.05m);
        var first = (await IssuedAsync(cpo.Options.Party, "2026-05", "SB-1")).GetProperty("id").GetString()!;

        // Membership is the list alone: a CDR that ends in the month but arrives later is in no record.
        await PostCdrAsync(cpo, "LATE", "2026-05-20T10:00:00Z", 2.00m, 0.42m);
        var afterLate = await emsp.ReportAsync(Us, first);
        Findings(afterLate).ShouldBe(["NOT_LISTED LATE"]);

        var second = await IssuedAsync(cpo.Options.Party, "2026-05", "SB-2");
        second.GetProperty("id").GetString().ShouldNotBe(first);
        Findings(second).ShouldBe(["LISTED_TWICE A", "LISTED_TWICE B"]);
        Detail(second, "LISTED_TWICE", "A").ShouldBe($"also listed by record {first} (invoice SB-1)");
        Totals(second).ShouldBe(["EUR 3 17.00 3.57 20.57"]);
        Findings(await emsp.ReportAsync(Us, first)).ShouldBe(["LISTED_TWICE A", "LISTED_TWICE B"]);
    }

    [Fact]
    public async Task issuing_the_same_invoice_again_replaces_its_record_with_a_fresh_list()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        var first = await IssuedAsync(cpo.Options.Party, "2026-05", "SB-1");
        await PostCdrAsync(cpo, "LATE", "2026-05-20T10:00:00Z", 2.00m, 0.42m);

        var again = await IssuedAsync(cpo.Options.Party, "2026-05", "sb-1", HttpStatusCode.OK);

        again.GetProperty("id").GetString().ShouldBe(first.GetProperty("id").GetString());
        again.GetProperty("cdrs").EnumerateArray().Select(c => c.GetString()).ShouldBe(["A", "LATE"]);
        again.GetProperty("last_updated").GetDateTimeOffset().ShouldBeGreaterThan(first.GetProperty("last_updated").GetDateTimeOffset());
        Findings(again).ShouldBeEmpty();
        var list = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/billing/reconciliation?cpo={CpoKey(cpo.Options.Party)}&direction=REVERSE");
        list.GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task a_reverse_record_naming_a_cdr_we_do_not_hold_reports_it_unknown()
    {
        // Our own records list only CDRs we hold; a record stored otherwise (e.g. by an older release) is still checked.
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        var party = cpo.Options.Party;
        await using (var session = emsp.Store.LightweightSession())
        {
            var record = Record(Us, "SB-OLD", "SB-OLD", "A", "GONE");
            session.Events.StartStream<InvoiceReconciliationView>(Key(Us, "SB-OLD"),
                new InvoiceReconciliationRecordIssued(party.CountryCode, party.PartyId, "2026-05", record));
            await session.SaveChangesAsync();
        }

        var report = await emsp.ReportAsync(Us, "SB-OLD");

        Findings(report).ShouldBe(["UNKNOWN_CDR GONE"]);
        Detail(report, "UNKNOWN_CDR", "GONE").ShouldBe($"{party} never sent us a CDR with this id");
        Totals(report).ShouldBe(["EUR 1 10.00 2.10 12.10"]);
    }

    [Fact]
    public async Task a_cpo_pulls_only_the_records_about_its_own_cdrs_paginated()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
            await PostCdrAsync(cpo, $"C{month}", $"{month}-10T10:00:00Z", 1.00m, 0.21m);
        await PostCdrAsync(other, "O1", "2026-01-10T10:00:00Z", 1.00m, 0.21m);
        var ids = new List<string>();
        foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
            ids.Add((await IssuedAsync(cpo.Options.Party, month, $"SB-{month}")).GetProperty("id").GetString()!);
        var othersId = (await IssuedAsync(other.Options.Party, "2026-01", "SB-OTHER")).GetProperty("id").GetString()!;
        // A record the CPO pushed itself (direct billing) is not in our SENDER list.
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "DIRECT-1", "INV-D", "C2026-01"));

        var seen = new List<JsonObject>();
        string? url = ModuleUrl(cpo) + "?limit=2";
        while (url is not null)
        {
            var page = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
            page.StatusCode.ShouldBe(1000, page.StatusMessage);
            page.Headers["X-Total-Count"].ShouldBe("3");
            seen.AddRange(page.Data.EnumerateArray().Select(r => JsonNode.Parse(r.GetRawText())!.AsObject()));
            url = page.Headers.TryGetValue("Link", out var link) ? link[(link.IndexOf('<') + 1)..link.IndexOf('>')] : null;
        }

        seen.Select(r => r["id"]!.GetValue<string>()).ShouldBe(ids);
        seen.ShouldAllBe(r => r["country_code"]!.GetValue<string>() == Us.CountryCode && r["party_id"]!.GetValue<string>() == Us.PartyId);
        seen[0]["cdrs"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["C2026-01"]);
        seen[0].Select(p => p.Key).ShouldBe(["country_code", "party_id", "id", "invoice_id", "cdrs", "last_updated"], ignoreOrder: true);

        var theirs = await other.CallEmspAsync(HttpMethod.Get, ModuleUrl(other), other.TokenForEmsp);
        theirs.Data.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe([othersId]);

        var lastUpdated = seen[1]["last_updated"]!.GetValue<string>();
        var window = await cpo.CallEmspAsync(HttpMethod.Get,
            $"{ModuleUrl(cpo)}?date_from={Uri.EscapeDataString(lastUpdated)}&date_to={Uri.EscapeDataString(seen[2]["last_updated"]!.GetValue<string>())}",
            cpo.TokenForEmsp);
        window.Data.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe([ids[1]]);
    }

    [Fact]
    public async Task a_request_from_one_party_of_a_multi_party_connection_sees_that_partys_records_only()
    {
        var second = EmspFixture.NextParty();
        var (cpo, _) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions { Party = EmspFixture.NextParty(), ExtraParties = [second] });
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        await PostCdrAsync(cpo, "B", "2026-05-03T10:00:00Z", 10.00m, 2.10m, party: second);
        await IssuedAsync(cpo.Options.Party, "2026-05", "SB-FIRST");
        await IssuedAsync(second, "2026-05", "SB-SECOND");

        var both = await cpo.CallEmspAsync(HttpMethod.Get, ModuleUrl(cpo), cpo.TokenForEmsp);
        var fromSecond = await cpo.CallEmspAsync(HttpMethod.Get, ModuleUrl(cpo), cpo.TokenForEmsp, headers: new Dictionary<string, string>
        {
            ["OCPI-from-country-code"] = second.CountryCode, ["OCPI-from-party-id"] = second.PartyId,
            ["OCPI-to-country-code"] = Us.CountryCode, ["OCPI-to-party-id"] = Us.PartyId,
        });

        both.Data.EnumerateArray().Select(r => r.GetProperty("invoice_id").GetString()).ShouldBe(["SB-FIRST", "SB-SECOND"], ignoreOrder: true);
        fromSecond.StatusCode.ShouldBe(1000, fromSecond.StatusMessage);
        fromSecond.Data.EnumerateArray().Select(r => r.GetProperty("invoice_id").GetString()).ShouldBe(["SB-SECOND"]);
    }

    [Theory]
    [InlineData("""{"cpo": {"country_code": "DE", "party_id": "QQQ"}, "month": "2026-05"}""", "invoice_id")]
    [InlineData("""{"cpo": {"country_code": "DE", "party_id": "QQQ"}, "month": "2026-05", "invoice_id": ""}""", "invoice_id")]
    [InlineData("""{"cpo": {"country_code": "DE", "party_id": "QQQ"}, "month": "2026-13", "invoice_id": "X"}""", "month")]
    [InlineData("""{"cpo": {"country_code": "DEU", "party_id": "QQQ"}, "month": "2026-05", "invoice_id": "X"}""", "cpo.country_code")]
    [InlineData("""{"month": "2026-05", "invoice_id": "X"}""", "cpo.party_id")]
    public async Task an_invalid_issue_request_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await ReverseCountAsync();

        var response = await emsp.InternalApi().PostAsync("/api/billing/reconciliation",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await ReverseCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_month_without_cdrs_of_the_cpo_is_400_since_a_record_lists_at_least_one()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);

        var response = await emsp.IssueAsync(cpo.Options.Party, "2026-06", "SB-EMPTY");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("month")[0].GetString()!
            .ShouldContain("no CDR of");
        var list = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/billing/reconciliation?cpo={CpoKey(cpo.Options.Party)}");
        list.GetProperty("total").GetInt64().ShouldBe(0);
    }

    private async Task<long> ReverseCountAsync() =>
        (await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/billing/reconciliation?direction=REVERSE&include_deleted=true"))
        .GetProperty("total").GetInt64();
}
