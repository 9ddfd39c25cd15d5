using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>Internal API: the billing lines (one per CDR, eventually consistent with the CDRs received), listed, exported, one by one.</summary>
public static class BillingLinesApi
{
    public static void MapBillingLines(this RouteGroupBuilder api)
    {
        api.MapGet("/lines", ListAsync).WithName("ListBillingLines")
            .WithSummary("Billing lines, ordered by end_date_time then id; filters combine with AND; format=csv streams every matching line as CSV")
            .AddOpenApiOperationTransformer((operation, _, _) => DescribeCsv(operation));
        api.MapGet("/lines/{country_code}/{party_id}/{cdr_id}", GetAsync).WithName("GetBillingLine")
            .WithSummary("One CDR's billing line with its cost check (404 until the CDR has been projected)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/totals", TotalsAsync).WithName("ListBillingTotals")
            .WithSummary("Totals per contract, CPO party or location per month and currency; credit CDRs net out the CDR they credit");
    }

    private static async Task<Results<Ok<Page<BillingLine>>, BillingLinesCsv, ValidationProblem>> ListAsync(
        [AsParameters] PageParameters paging, [AsParameters] BillingLineFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var from = check.Instant("from", filters.From);
        var to = check.Instant("to", filters.To);
        check.Period(from, to);
        var month = check.Month("month", filters.Month);
        var billingZone = check.BillingZone(filters.TimeZone);
        var cpo = check.Cpo("cpo", filters.Cpo);
        var currency = check.Currency("currency", filters.Currency);
        var verdict = check.OneOf("verdict", filters.Verdict, BillingQuery.Verdicts);
        var csv = check.OneOf("format", filters.Format, ["json", "csv"]) == "csv";
        if (check.Problem is { } problem) return problem;

        var query = session.Query<BillingLine>().AsQueryable();
        if (cpo?.KeyPrefix("cdr") is { } prefix) query = query.Where(l => l.Id.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(filters.ContractId)) query = query.Where(l => l.ContractId == filters.ContractId);
        if (currency is not null) query = query.Where(l => l.Currency == currency);
        if (from is { } start) query = query.Where(l => l.EndDateTime >= start);
        if (to is { } end) query = query.Where(l => l.EndDateTime < end);
        if (month is not null) query = billingZone ? query.Where(l => l.BillingMonth == month) : query.Where(l => l.Month == month);
        if (verdict == BillingQuery.Unchecked) query = query.Where(l => l.Verdict == null);
        else if (verdict is not null) query = query.Where(l => l.Verdict == verdict);

        if (csv) return new BillingLinesCsv(query.OrderBy(l => l.EndDateTime).ThenBy(l => l.Id));
        return TypedResults.Ok(await query.ToPageAsync(q => q.OrderBy(l => l.EndDateTime).ThenBy(l => l.Id), window, ct));
    }

    private static async Task<Results<Ok<BillingTotals>, ValidationProblem>> TotalsAsync([AsParameters] BillingTotalsParameters p,
        IDocumentStore store, BillingTimeZone zone, CancellationToken ct)
    {
        var check = new QueryCheck();
        var groupBy = check.OneOf("group_by", p.GroupBy, BillingTotalsQuery.Groupings) ?? "cpo";
        var month = check.Month("month", p.Month);
        var currency = check.Currency("currency", p.Currency);
        var billingZone = check.BillingZone(p.TimeZone);
        if (check.Problem is { } problem) return problem;

        var items = await BillingTotalsQuery.SumAsync(store, groupBy, billingZone, month, currency, ct);
        return TypedResults.Ok(new BillingTotals(groupBy, billingZone ? zone.Id : BillingTimeZone.Utc.Id, items));
    }

    /// <summary>The same 200 answer as CSV (format=csv): one row per line, prices flattened.</summary>
    private static Task DescribeCsv(OpenApiOperation operation)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is not null)
            ok.Content[BillingLinesCsv.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        return Task.CompletedTask;
    }

    private static async Task<Results<Ok<BillingLine>, ProblemHttpResult>> GetAsync(
        string country_code, string party_id, string cdr_id, IQuerySession session, CancellationToken ct)
    {
        var key = StreamKeys.For("cdr", new PartyRef(country_code, party_id), cdr_id);
        if (await session.LoadAsync<BillingLine>(key, ct) is { } line) return TypedResults.Ok(line);
        // The line is projected asynchronously: say so when the CDR itself is already held.
        var detail = await session.LoadAsync<CdrView>(key, ct) is null
            ? $"No CDR {cdr_id} of {country_code}-{party_id} is held."
            : $"CDR {cdr_id} of {country_code}-{party_id} is held but its billing line is not projected yet; retry shortly.";
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown billing line", detail: detail);
    }
}
