using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Ocpi.Emsp.Tests.InvoiceReconciliation.InvoiceReconciliationFixture;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>Records a CPO pushed (direct billing), reconciled against the CDRs it sent us: every finding kind and the totals.</summary>
public sealed class DirectBillingReconciliationTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    [Fact]
    public async Task a_record_is_reconciled_with_every_finding_kind_and_totals_per_currency()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-03-05T10:00:00Z", 10.00m, 2.10m);
        await PostCdrAsync(cpo, "B", "2026-03-20T10:00:00Z", 5.00m, 1.05m);
        await PostCdrAsync(cpo, "C", "2026-03-28T10:00:00Z", 7.00m, 1.47m);
        await PostCdrAsync(cpo, "A-CR", "2026-03-05T10:00:00Z", -10.00m, -2.10m, credits: "A");
        await PostCdrAsync(cpo, "D", "2026-04-02T10:00:00Z", 3.00m, 0.63m);
        await PostCdrAsync(cpo, "F", "2026-02-27T10:00:00Z", 3.00m, 0.63m);
        await PostCdrAsync(cpo, "E", "2026-03-10T10:00:00Z", 20.00m, 2.60m, currency: "CAD");
        (await PostRecordAsync(cpo, Record(cpo.Options.Party, "IR-1", "INV-1", "A", "B", "b", "A-CR", "X", "E"))).StatusCode.ShouldBe(1000);
        (await PostRecordAsync(cpo, Record(cpo.Options.Party, "IR-2", "INV-2", "E"))).StatusCode.ShouldBe(1000);

        var report = await emsp.ReportAsync(cpo.Options.Party, "IR-1");

        report.GetProperty("direction").GetString().ShouldBe("DIRECT");
        report.GetProperty("cpo").GetString().ShouldBe($"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}");
        report.GetProperty("invoice_id").GetString().ShouldBe("INV-1");
        // C ended in March (the period of the listed CDRs) and nobody lists it; D (April) and F (February) lie outside.
        Findings(report).ShouldBe(["CREDIT_CDR A-CR", "LISTED_TWICE B", "LISTED_TWICE E", "NOT_LISTED C", "UNKNOWN_CDR X"]);
        Detail(report, "LISTED_TWICE", "B").ShouldBe("listed 2 times by this record");
        Detail(report, "LISTED_TWICE", "E").ShouldBe("also listed by record IR-2 (invoice INV-2)");
        Detail(report, "CREDIT_CDR", "A-CR").ShouldBe("credits CDR A, listed by this record too");
        Detail(report, "NOT_LISTED", "C").ShouldContain("ended 2026-03-28T10:00:00Z, in the record's period (2026-03)");
        // EUR: A + B + A-CR, each once (B listed twice still counts once) = 10 + 5 - 10 = 5.00, taxes 2.10 + 1.05 - 2.10 = 1.05.
        // CAD: E = 20.00 + 2.60. The unknown X adds nothing.
        Totals(report).ShouldBe(["CAD 1 20.00 2.60 22.60", "EUR 3 5.00 1.05 6.05"]);

        var other = await emsp.ReportAsync(cpo.Options.Party, "IR-2");
        Findings(other).ShouldBe(["LISTED_TWICE E", "NOT_LISTED C"]);
        Detail(other, "LISTED_TWICE", "E").ShouldBe("also listed by record IR-1 (invoice INV-1)");
    }

    [Fact]
    public async Task a_listed_credit_cdr_says_whether_the_cdr_it_credits_is_listed_elsewhere_or_nowhere()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "G", "2026-06-01T10:00:00Z", 4.00m, 0.84m);
        await PostCdrAsync(cpo, "H", "2026-06-02T10:00:00Z", 6.00m, 1.26m);
        await PostCdrAsync(cpo, "H-CR", "2026-06-02T10:00:00Z", -6.00m, -1.26m, credits: "H");
        await PostCdrAsync(cpo, "K", "2026-06-03T10:00:00Z", 8.00m, 1.68m);
        await PostCdrAsync(cpo, "K-CR", "2026-06-03T10:00:00Z", -8.00m, -1.68m, credits: "K");
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "P", "INV-P", "G", "H-CR"));
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "Q", "INV-Q", "H"));
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "R", "INV-R", "K-CR"));

        var p = await emsp.ReportAsync(cpo.Options.Party, "P");
        Findings(p).ShouldBe(["CREDIT_CDR H-CR", "NOT_LISTED K"]);
        Detail(p, "CREDIT_CDR", "H-CR").ShouldBe("credits CDR H, listed by record Q (invoice INV-Q)");
        // G - H's credit: 4.00 - 6.00 = -2.00; taxes 0.84 - 1.26 = -0.42.
        Totals(p).ShouldBe(["EUR 2 -2.00 -0.42 -2.42"]);

        var r = await emsp.ReportAsync(cpo.Options.Party, "R");
        Findings(r).ShouldBe(["CREDIT_CDR K-CR", "NOT_LISTED K"]);
        Detail(r, "CREDIT_CDR", "K-CR").ShouldBe("credits CDR K, which no record of the same owner lists");
        Totals(r).ShouldBe(["EUR 1 -8.00 -1.68 -9.68"]);
    }

    [Fact]
    public async Task a_deleted_record_no_longer_lists_its_cdrs_for_the_other_records()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "M1", "2026-07-01T10:00:00Z", 1.00m, 0.21m);
        await PostCdrAsync(cpo, "M2", "2026-07-02T10:00:00Z", 1.00m, 0.21m);
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "S1", "INV-S1", "M1", "M2"));
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "S2", "INV-S2", "M2"));
        Findings(await emsp.ReportAsync(cpo.Options.Party, "S2")).ShouldBe(["LISTED_TWICE M2"]);

        await cpo.CallEmspAsync(HttpMethod.Delete, Url(cpo, "S1"), cpo.TokenForEmsp);

        Findings(await emsp.ReportAsync(cpo.Options.Party, "S2")).ShouldBe(["NOT_LISTED M1"]);
    }

    [Fact]
    public async Task the_list_filters_by_cpo_and_direction_and_pages()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "L1", "2026-08-01T10:00:00Z", 1.00m, 0.21m);
        for (var i = 1; i <= 3; i++)
        {
            var record = Record(cpo.Options.Party, $"LIST-{i}", $"INV-{i}", "L1");
            record["last_updated"] = $"2026-09-0{i}T00:00:00Z";
            await PostRecordAsync(cpo, record);
        }
        var cpoKey = $"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}";

        var page = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/billing/reconciliation?cpo={cpoKey.ToLowerInvariant()}&direction=DIRECT&offset=1&limit=1");

        page.GetProperty("total").GetInt64().ShouldBe(3);
        var item = page.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("id").GetString().ShouldBe("LIST-2");
        Findings(item).ShouldBe(["LISTED_TWICE L1"]);
        (await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/billing/reconciliation?cpo={cpoKey}&direction=REVERSE"))
            .GetProperty("total").GetInt64().ShouldBe(0);
        var bad = await emsp.InternalApi().GetAsync("/api/billing/reconciliation?cpo=NLTNM&direction=SIDEWAYS");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("cpo", out _).ShouldBeTrue();
        problem.GetProperty("errors").TryGetProperty("direction", out _).ShouldBeTrue();
        (await emsp.InternalApi().GetAsync($"/api/billing/reconciliation/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/NOPE"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
