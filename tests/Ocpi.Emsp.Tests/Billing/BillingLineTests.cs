using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Marten.Events;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Protocol.Common;
using static Ocpi.Emsp.Tests.Billing.BillingLinesTesting;

namespace Ocpi.Emsp.Tests.Billing;

/// <summary>One billing line per CDR (async projection), read one by one with its cost check.</summary>
public sealed class BillingLineTests(BillingLinesFixture emsp) : IClassFixture<BillingLinesFixture>
{
    private static readonly string[] PinnedFields =
    [
        "id", "country_code", "party_id", "cdr_id", "partner_id", "location_id", "evse_uid", "connector_id", "token_uid",
        "token_type", "contract_id", "auth_method", "authorization_reference", "start_date_time", "end_date_time", "total_energy",
        "total_time", "total_parking_time", "currency", "total_cost", "total_energy_cost", "total_time_cost", "total_parking_cost",
        "total_fixed_cost", "total_reservation_cost", "tariff_ids", "credit", "credit_reference_id", "month", "billing_month",
        "verdict", "cost_check",
    ];

    [Fact]
    public async Task a_cdr_becomes_a_billing_line_with_every_field_of_the_pinned_shape()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        (await CdrExamples.PostAsync(cpo, CdrExamples.Cdr(cpo, "LINE-1"))).HttpStatus.ShouldBe(HttpStatusCode.Created);
        await WaitForLinesAsync(emsp, cpo, 1);

        var line = await GetAsync(emsp, $"/api/billing/lines/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/line-1");

        line.EnumerateObject().Select(p => p.Name).ShouldBe(PinnedFields, ignoreOrder: true);
        line.GetProperty("id").GetString().ShouldBe(CdrExamples.Key(cpo, "LINE-1"));
        line.GetProperty("country_code").GetString().ShouldBe(cpo.Options.Party.CountryCode);
        line.GetProperty("party_id").GetString().ShouldBe(cpo.Options.Party.PartyId);
        line.GetProperty("cdr_id").GetString().ShouldBe("LINE-1");
        line.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        line.GetProperty("location_id").GetString().ShouldBe("LOC1");
        line.GetProperty("evse_uid").GetString().ShouldBe("3256");
        line.GetProperty("connector_id").GetString().ShouldBe("1");
        line.GetProperty("token_uid").GetString().ShouldBe("012345678");
        line.GetProperty("token_type").GetString().ShouldBe("RFID");
        line.GetProperty("contract_id").GetString().ShouldBe("DE8ACC12E46L89");
        line.GetProperty("auth_method").GetString().ShouldBe("WHITELIST");
        line.GetProperty("authorization_reference").ValueKind.ShouldBe(JsonValueKind.Null);
        line.GetProperty("start_date_time").GetString().ShouldBe("2024-12-05T17:39:09Z");
        line.GetProperty("end_date_time").GetString().ShouldBe("2024-12-05T19:37:32Z");
        line.GetProperty("total_energy").GetDecimal().ShouldBe(15.342m);
        line.GetProperty("total_time").GetDecimal().ShouldBe(1.973m);
        line.GetProperty("total_parking_time").ValueKind.ShouldBe(JsonValueKind.Null);
        line.GetProperty("currency").GetString().ShouldBe("EUR");
        line.GetProperty("total_cost").GetProperty("before_taxes").GetDecimal().ShouldBe(4.0m);
        line.GetProperty("total_cost").GetProperty("taxes")[0].GetProperty("name").GetString().ShouldBe("VAT");
        line.GetProperty("total_cost").GetProperty("taxes")[0].GetProperty("amount").GetDecimal().ShouldBe(0.4m);
        line.GetProperty("total_cost").TryGetProperty("after_taxes", out _).ShouldBeFalse();
        line.GetProperty("total_time_cost").GetProperty("before_taxes").GetDecimal().ShouldBe(4.0m);
        foreach (var absent in new[] { "total_energy_cost", "total_parking_cost", "total_fixed_cost", "total_reservation_cost" })
            line.GetProperty(absent).ValueKind.ShouldBe(JsonValueKind.Null, absent);
        line.GetProperty("tariff_ids").EnumerateArray().Select(t => t.GetString()).ShouldBe(["12"]);
        line.GetProperty("credit").GetBoolean().ShouldBeFalse();
        line.GetProperty("credit_reference_id").ValueKind.ShouldBe(JsonValueKind.Null);
        line.GetProperty("month").GetString().ShouldBe("2024-12");
        line.GetProperty("billing_month").GetString().ShouldBe("2024-12");
        line.GetProperty("verdict").ValueKind.ShouldBe(JsonValueKind.Null);
        line.GetProperty("cost_check").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task a_cost_check_gives_the_line_its_verdict_and_cost_check_and_the_latest_check_holds()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PushAsync(cpo, new Charge("CHK-1", "2025-06-01T10:00:00Z"), new Charge("CHK-2", "2025-06-01T11:00:00Z"));
        await WaitForLinesAsync(emsp, cpo, 2);

        await AppendCheckAsync(cpo, "CHK-1", new CostCheck(CostCheckVerdict.Unpriceable, null, null, null, [], "no tariff held", [], 0.01m));
        var stated = new Price(5.00m, [new TaxAmount("VAT", 1.05m, 21m)]);
        var computed = new Price(4.00m, [new TaxAmount("VAT", 0.84m, 21m)]);
        await AppendCheckAsync(cpo, "CHK-1", new CostCheck(CostCheckVerdict.Overcharged, stated, computed, 1.00m,
            [new DimensionCheck("ENERGY", stated, computed, 1.00m)], null, [new TariffUsed("T1", "tariff:X", 3, "HELD")], 0.01m));
        await Eventually.HoldsAsync(async () => (await LineAsync(cpo, "CHK-1")).GetProperty("verdict").ValueKind == JsonValueKind.String
            && (await LineAsync(cpo, "CHK-1")).GetProperty("verdict").GetString() == CostCheckVerdict.Overcharged, "the latest cost check is projected");
        await emsp.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var line = await LineAsync(cpo, "CHK-1");
        line.GetProperty("verdict").GetString().ShouldBe("OVERCHARGED");
        var check = line.GetProperty("cost_check");
        check.GetProperty("verdict").GetString().ShouldBe("OVERCHARGED");
        check.GetProperty("stated").GetProperty("before_taxes").GetDecimal().ShouldBe(5.00m);
        check.GetProperty("computed").GetProperty("before_taxes").GetDecimal().ShouldBe(4.00m);
        check.GetProperty("difference").GetDecimal().ShouldBe(1.00m);
        check.GetProperty("dimensions")[0].GetProperty("type").GetString().ShouldBe("ENERGY");
        check.GetProperty("tariffs")[0].GetProperty("tariff_id").GetString().ShouldBe("T1");
        check.GetProperty("tolerance").GetDecimal().ShouldBe(0.01m);
        // The CDR's own figures are untouched by its check.
        line.GetProperty("total_cost").GetProperty("before_taxes").GetDecimal().ShouldBe(1m);

        var cpoQuery = $"/api/billing/lines?cpo={Cpo(cpo)}";
        Ids(await GetAsync(emsp, cpoQuery + "&verdict=OVERCHARGED")).ShouldBe(["CHK-1"]);
        Ids(await GetAsync(emsp, cpoQuery + "&verdict=overcharged")).ShouldBe(["CHK-1"]);
        Ids(await GetAsync(emsp, cpoQuery + "&verdict=UNCHECKED")).ShouldBe(["CHK-2"]);
        Ids(await GetAsync(emsp, cpoQuery + "&verdict=UNPRICEABLE")).ShouldBeEmpty();
        Ids(await GetAsync(emsp, cpoQuery + "&verdict=MATCH")).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_billing_line_is_a_404_problem()
    {
        var response = await emsp.InternalApi().GetAsync("/api/billing/lines/NL/XXX/NO-SUCH-CDR");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("detail").GetString()!.ShouldContain("NO-SUCH-CDR");
    }

    [Theory]
    [InlineData("/api/billing/lines")]
    [InlineData("/api/billing/lines?format=csv")]
    [InlineData("/api/billing/lines/DE/ABC/C1")]
    [InlineData("/api/billing/totals")]
    public async Task the_billing_reads_need_the_api_key(string path)
    {
        var response = await emsp.Host.Server.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_billing_reads_are_in_the_internal_openapi_document_with_names_parameters_and_the_csv_form()
    {
        var doc = await emsp.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/internal.json");

        var operations = doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("operationId", out _))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);
        foreach (var name in new[] { "ListBillingLines", "GetBillingLine", "ListBillingTotals", "ListCpoDailyTotals" })
            operations[name].GetProperty("summary").GetString().ShouldNotBeNullOrEmpty(name);
        Parameters(operations["ListBillingLines"]).ShouldBe(
            ["offset", "limit", "from", "to", "month", "time_zone", "cpo", "contract_id", "currency", "verdict", "format"], ignoreOrder: true);
        Parameters(operations["ListBillingTotals"]).ShouldBe(["group_by", "month", "currency", "time_zone"], ignoreOrder: true);
        Parameters(operations["GetBillingLine"]).ShouldBe(["country_code", "party_id", "cdr_id"], ignoreOrder: true);
        var ok = operations["ListBillingLines"].GetProperty("responses").GetProperty("200").GetProperty("content");
        ok.TryGetProperty("text/csv", out _).ShouldBeTrue();
        ok.TryGetProperty("application/json", out _).ShouldBeTrue();
        operations["GetBillingLine"].GetProperty("responses").TryGetProperty("404", out _).ShouldBeTrue();
    }

    private static List<string> Parameters(JsonElement operation) =>
        [.. operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    private Task<JsonElement> LineAsync(CpoSimulator.CpoSimulator cpo, string id) =>
        GetAsync(emsp, $"/api/billing/lines/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}");

    /// <summary>What the cost check appends on the CDR's stream.</summary>
    private async Task AppendCheckAsync(CpoSimulator.CpoSimulator cpo, string id, CostCheck check)
    {
        await using var session = emsp.Store.LightweightSession();
        session.Events.Append(CdrExamples.Key(cpo, id), new CdrCostChecked(id, check));
        await session.SaveChangesAsync();
    }
}
