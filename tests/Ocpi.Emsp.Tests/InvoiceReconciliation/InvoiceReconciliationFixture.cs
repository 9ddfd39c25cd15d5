using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>One host for the module's tests; every test uses its own CPO parties, so tests never see each other's data.</summary>
public sealed class InvoiceReconciliationFixture : EmspFixture
{
    /// <summary>Our own party (the fixture leaves Emsp:CountryCode/PartyId at their defaults).</summary>
    public static readonly PartyRef Us = new("NL", "EMS");

    /// <summary>POSTs cdr_example.json as a CDR of <paramref name="cpo"/> with the given id, end, currency and total_cost.</summary>
    public static async Task PostCdrAsync(CpoSimulator.CpoSimulator cpo, string id, string end, decimal beforeTaxes, decimal taxes,
        string currency = "EUR", string? credits = null, PartyRef? party = null)
    {
        var cdr = CdrExamples.Cdr(cpo, id);
        if (party is { } p)
        {
            cdr["country_code"] = p.CountryCode;
            cdr["party_id"] = p.PartyId;
        }
        var endAt = DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture);
        var start = endAt.AddHours(-2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        cdr["start_date_time"] = start;
        cdr["end_date_time"] = end;
        cdr["charging_periods"]![0]!["start_date_time"] = start;
        cdr["currency"] = currency;
        cdr["total_cost"] = new JsonObject
        {
            ["before_taxes"] = beforeTaxes,
            ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = taxes }),
        };
        if (credits is not null)
        {
            cdr["credit"] = true;
            cdr["credit_reference_id"] = credits;
        }
        var posted = await CdrExamples.PostAsync(cpo, cdr);
        posted.StatusCode.ShouldBe(1000, posted.StatusMessage);
    }

    public static JsonObject Record(PartyRef owner, string id, string invoiceId, params string[] cdrs) => new()
    {
        ["country_code"] = owner.CountryCode,
        ["party_id"] = owner.PartyId,
        ["id"] = id,
        ["invoice_id"] = invoiceId,
        ["cdrs"] = new JsonArray([.. cdrs.Select(c => (JsonNode)c)]),
        ["last_updated"] = "2026-04-01T09:00:00Z",
    };

    public static string ModuleUrl(CpoSimulator.CpoSimulator cpo) => cpo.EmspEndpoint("invoicereconciliation");

    public static string Url(CpoSimulator.CpoSimulator cpo, string id, PartyRef? owner = null)
    {
        var o = owner ?? cpo.Options.Party;
        return $"{ModuleUrl(cpo)}/{o.CountryCode}/{o.PartyId}/{id}";
    }

    public static string Key(PartyRef owner, string id) =>
        $"invoicereconciliation:{owner.CountryCode.ToUpperInvariant()}-{owner.PartyId.ToUpperInvariant()}:{id.ToUpperInvariant()}";

    public static Task<CpoSimulator.OcpiCallResult> PostRecordAsync(CpoSimulator.CpoSimulator cpo, JsonObject record) =>
        cpo.CallEmspAsync(HttpMethod.Post, ModuleUrl(cpo), cpo.TokenForEmsp, rawBody: record.ToJsonString());

    public static Task<CpoSimulator.OcpiCallResult> PutRecordAsync(CpoSimulator.CpoSimulator cpo, JsonObject record) =>
        cpo.CallEmspAsync(HttpMethod.Put, Url(cpo, record["id"]!.GetValue<string>()), cpo.TokenForEmsp, rawBody: record.ToJsonString());

    /// <summary>GET /api/billing/reconciliation/{country_code}/{party_id}/{id}: the record with its findings and totals.</summary>
    public async Task<JsonElement> ReportAsync(PartyRef owner, string id)
    {
        var response = await InternalApi().GetAsync($"/api/billing/reconciliation/{owner.CountryCode}/{owner.PartyId}/{Uri.EscapeDataString(id)}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>POST /api/billing/reconciliation: our reverse-billing record for a CPO's month.</summary>
    public Task<HttpResponseMessage> IssueAsync(PartyRef cpo, string month, string invoiceId) =>
        InternalApi().PostAsJsonAsync("/api/billing/reconciliation",
            new JsonObject { ["cpo"] = new JsonObject { ["country_code"] = cpo.CountryCode, ["party_id"] = cpo.PartyId }, ["month"] = month, ["invoice_id"] = invoiceId });

    /// <summary>The findings as "KIND cdr_id" lines, sorted.</summary>
    public static string[] Findings(JsonElement report) =>
        report.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("cdr_id").GetString()}")
            .Order(StringComparer.Ordinal).ToArray();

    public static string Detail(JsonElement report, string kind, string cdrId) =>
        report.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("kind").GetString() == kind && f.GetProperty("cdr_id").GetString() == cdrId)
            .GetProperty("detail").GetString()!;

    /// <summary>The totals as "CUR count before taxes after" lines, sorted.</summary>
    public static string[] Totals(JsonElement report) =>
        report.GetProperty("totals").EnumerateArray()
            .Select(t => string.Join(" ", t.GetProperty("currency").GetString(), t.GetProperty("cdr_count").GetInt32(),
                t.GetProperty("before_taxes").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                t.GetProperty("taxes").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                t.GetProperty("after_taxes").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))
            .Order(StringComparer.Ordinal).ToArray();
}
