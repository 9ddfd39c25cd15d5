using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>The internal reconciliation API: behind the API key, and described in the internal OpenAPI document.</summary>
public sealed class InvoiceReconciliationApiSurfaceTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    [Theory]
    [InlineData("GET", "/api/billing/reconciliation")]
    [InlineData("GET", "/api/billing/reconciliation/DE/ABC/R1")]
    [InlineData("POST", "/api/billing/reconciliation")]
    public async Task every_call_needs_the_api_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { month = "2026-05", invoice_id = "X" });

        (await emsp.Host.Server.CreateClient().SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_calls_are_described_in_the_internal_openapi_document_with_names_summaries_and_parameters()
    {
        var doc = await emsp.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/internal.json");

        var operations = doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("operationId", out _))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);
        foreach (var name in new[] { "IssueReverseBillingRecord", "ListInvoiceReconciliations", "GetInvoiceReconciliation" })
            operations[name].GetProperty("summary").GetString().ShouldNotBeNullOrEmpty(name);
        operations["ListInvoiceReconciliations"].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["offset", "limit", "cpo", "direction", "include_deleted"], ignoreOrder: true);
        operations["GetInvoiceReconciliation"].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["country_code", "party_id", "id"], ignoreOrder: true);
    }
}
