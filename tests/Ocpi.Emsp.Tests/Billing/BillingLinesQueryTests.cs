using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.Billing.Lines;
using static Ocpi.Emsp.Tests.Billing.BillingLinesTesting;

namespace Ocpi.Emsp.Tests.Billing;

/// <summary>GET /api/billing/lines: filters, paging, the CSV form of the same rows, and refusals of bad query values.</summary>
public sealed class BillingLinesQueryTests(BillingLinesFixture emsp) : IClassFixture<BillingLinesFixture>
{
    [Fact]
    public async Task lines_are_filtered_by_cpo_contract_currency_period_and_month_in_utc_or_the_billing_zone()
    {
        var (a, _) = await emsp.RegisteredCpoAsync();
        var (b, _) = await emsp.RegisteredCpoAsync();
        const string contract = "NL-EMS-FILTER1";
        await PushAsync(a,
            new Charge("A1", "2025-03-05T10:00:00Z", Contract: contract),
            // 23:30 UTC on 31 March is 01:30 on 1 April in Amsterdam (UTC+2 in summer time).
            new Charge("A2", "2025-03-31T23:30:00Z", Currency: "CAD", Contract: "NL-EMS-FILTER2"),
            new Charge("A3", "2025-04-10T08:00:00Z", Contract: contract));
        await PushAsync(b, new Charge("B1", "2025-03-06T10:00:00Z", Contract: contract));
        await WaitForLinesAsync(emsp, a, 3);
        await WaitForLinesAsync(emsp, b, 1);
        var ofA = $"/api/billing/lines?cpo={Cpo(a).ToLowerInvariant()}";

        Ids(await GetAsync(emsp, ofA)).ShouldBe(["A1", "A2", "A3"]);
        Ids(await GetAsync(emsp, $"{ofA}&contract_id={contract}")).ShouldBe(["A1", "A3"]);
        Ids(await GetAsync(emsp, $"/api/billing/lines?contract_id={contract}")).ShouldBe(["A1", "B1", "A3"]);
        Ids(await GetAsync(emsp, $"{ofA}&currency=cad")).ShouldBe(["A2"]);
        Ids(await GetAsync(emsp, $"{ofA}&currency=EUR")).ShouldBe(["A1", "A3"]);
        Ids(await GetAsync(emsp, $"{ofA}&month=2025-03")).ShouldBe(["A1", "A2"]);
        Ids(await GetAsync(emsp, $"{ofA}&month=2025-03&time_zone=billing")).ShouldBe(["A1"]);
        Ids(await GetAsync(emsp, $"{ofA}&month=2025-04&time_zone=billing")).ShouldBe(["A2", "A3"]);
        Ids(await GetAsync(emsp, $"{ofA}&from=2025-03-06T00:00:00Z&to=2025-04-10T08:00:00Z")).ShouldBe(["A2"]);
        Ids(await GetAsync(emsp, $"{ofA}&from=2025-03-31T23:30:00Z")).ShouldBe(["A2", "A3"]);

        var page = await GetAsync(emsp, $"{ofA}&offset=1&limit=1");
        page.GetProperty("total").GetInt64().ShouldBe(3);
        page.GetProperty("offset").GetInt32().ShouldBe(1);
        page.GetProperty("limit").GetInt32().ShouldBe(1);
        Ids(page).ShouldBe(["A2"]);

        var a2 = (await GetAsync(emsp, $"{ofA}&currency=CAD")).GetProperty("items")[0];
        a2.GetProperty("month").GetString().ShouldBe("2025-03");
        a2.GetProperty("billing_month").GetString().ShouldBe("2025-04");
    }

    [Fact]
    public async Task the_csv_export_holds_the_same_rows_with_a_header_and_flattened_prices()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PushAsync(cpo,
            new Charge("CSV-1", "2025-07-01T10:00:00Z", Energy: 12.5m, Time: 1.25m, Parking: 0.25m, BeforeTaxes: 5.25m,
                Taxes: [new Tax("VAT", 1.05m), new Tax("Levy", 0.05m)]),
            new Charge("CSV-2", "2025-07-02T10:00:00Z", Currency: "CAD", Contract: "NL-EMS-\"Q\",1"),
            new Charge("CSV-3", "2025-07-03T10:00:00Z"));
        await WaitForLinesAsync(emsp, cpo, 3);

        // offset and limit do not apply to an export: every matching line is in it.
        var response = await emsp.InternalApi().GetAsync($"/api/billing/lines?cpo={Cpo(cpo)}&format=csv&limit=1&offset=1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        rows.Length.ShouldBe(5); // header, three lines, and the empty remainder after the last CRLF
        rows[^1].ShouldBeEmpty();
        rows[0].ShouldBe(string.Join(',', BillingLinesCsv.Header));
        var header = rows[0].Split(',').ToList();
        header.ShouldContain("total_cost_before_taxes");
        header.ShouldContain("total_energy_cost_after_taxes");
        var first = rows[1].Split(',');
        string Field(string name) => first[header.IndexOf(name)];
        Field("id").ShouldBe(CdrKey(cpo, "CSV-1"));
        Field("cdr_id").ShouldBe("CSV-1");
        Field("end_date_time").ShouldBe("2025-07-01T10:00:00Z");
        Field("total_energy").ShouldBe("12.5");
        Field("total_parking_time").ShouldBe("0.25");
        Field("currency").ShouldBe("EUR");
        Field("total_cost_before_taxes").ShouldBe("5.25");
        Field("total_cost_taxes").ShouldBe("1.10");
        Field("total_cost_after_taxes").ShouldBe("6.35");
        Field("total_energy_cost_before_taxes").ShouldBeEmpty();
        Field("credit").ShouldBe("false");
        Field("verdict").ShouldBeEmpty();
        // RFC 4180: a field with a quote or a comma is quoted, its quotes doubled.
        rows[2].ShouldContain(",\"NL-EMS-\"\"Q\"\",1\",");
        rows[3].ShouldStartWith(CdrKey(cpo, "CSV-3") + ",");
    }

    [Theory]
    [InlineData("/api/billing/lines?from=yesterday", "from")]
    [InlineData("/api/billing/lines?to=2025-13-01T00:00:00Z", "to")]
    [InlineData("/api/billing/lines?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "to")]
    [InlineData("/api/billing/lines?month=2025-13", "month")]
    [InlineData("/api/billing/lines?month=2025-1", "month")]
    [InlineData("/api/billing/lines?time_zone=local", "time_zone")]
    [InlineData("/api/billing/lines?cpo=NLTNM", "cpo")]
    [InlineData("/api/billing/lines?cpo=N-TNM", "cpo")]
    [InlineData("/api/billing/lines?cpo=NL-TNMX", "cpo")]
    [InlineData("/api/billing/lines?currency=EURO", "currency")]
    [InlineData("/api/billing/lines?verdict=WRONG", "verdict")]
    [InlineData("/api/billing/lines?format=xml", "format")]
    [InlineData("/api/billing/lines?limit=0", "limit")]
    [InlineData("/api/billing/lines?offset=-1", "offset")]
    [InlineData("/api/billing/totals?group_by=evse", "group_by")]
    [InlineData("/api/billing/totals?month=2025/01", "month")]
    [InlineData("/api/billing/totals?currency=E1R", "currency")]
    [InlineData("/api/billing/totals?time_zone=Europe/Paris", "time_zone")]
    public async Task a_bad_query_value_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var response = await emsp.InternalApi().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([parameter], url);
    }

    private static string CdrKey(CpoSimulator.CpoSimulator cpo, string id) => Cdrs.CdrExamples.Key(cpo, id);
}
