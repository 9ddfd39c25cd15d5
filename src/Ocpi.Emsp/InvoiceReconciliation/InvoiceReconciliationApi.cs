using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;
using Wolverine.Marten;

namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>
/// Internal API: invoice reconciliation records of both directions with their findings (computed when read), and the
/// issue of our reverse-billing records.
/// </summary>
public static class InvoiceReconciliationApi
{
    private static readonly string[] Directions = [InvoiceReconciliationView.Direct, InvoiceReconciliationView.Reverse];

    public static void MapInvoiceReconciliationApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/billing/reconciliation").WithTags("Billing");
        api.MapPost("", IssueAsync).WithName("IssueReverseBillingRecord")
            .WithSummary("Reverse billing: issue (or issue again) our record of a credit invoice listing a CPO's CDRs of one UTC month");
        api.MapGet("", ListAsync).WithName("ListInvoiceReconciliations")
            .WithSummary("Invoice reconciliation records with their findings and recomputed totals, paged, newest last_updated last");
        api.MapGet("/{country_code}/{party_id}/{id}", GetAsync).WithName("GetInvoiceReconciliation")
            .WithSummary("One record (owner's country_code/party_id and record id) with its findings and recomputed totals");
    }

    private static async Task<Results<Created<ReconciliationReport>, Ok<ReconciliationReport>, ValidationProblem>> IssueAsync(
        ReverseBillingRequest request, HttpContext http, IDocumentSession session, IMartenOutbox outbox, IOptions<EmspOptions> options,
        TimeProvider clock)
    {
        var outcome = await ReverseBilling.IssueAsync(http, session, outbox, options.Value.Party, clock, request);
        if (outcome.Errors is { } errors) return TypedResults.ValidationProblem(errors);
        var report = await new Reconciler(session).ReconcileAsync(outcome.Record!, http.RequestAborted);
        return outcome.Created
            ? TypedResults.Created($"/api/billing/reconciliation/{report.CountryCode}/{report.PartyId}/{Uri.EscapeDataString(report.Id)}", report)
            : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<Page<ReconciliationReport>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] ReconciliationFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var direction = check.OneOf("direction", filters.Direction, Directions);
        var cpo = Cpo(check, filters.Cpo);
        var includeDeleted = check.Boolean("include_deleted", filters.IncludeDeleted) ?? false;
        if (check.Problem is { } problem) return problem;

        var query = session.Query<InvoiceReconciliationView>().AsQueryable();
        if (direction is not null) query = query.Where(r => r.Direction == direction);
        if (cpo is not null) query = query.Where(r => r.Cpo == cpo);
        if (!includeDeleted) query = query.Where(r => !r.Deleted);
        var page = await query.ToPageAsync(q => q.OrderBy(r => r.LastUpdated).ThenBy(r => r.Id), window, ct);

        var reconciler = new Reconciler(session);
        var reports = new List<ReconciliationReport>(page.Items.Count);
        foreach (var record in page.Items) reports.Add(await reconciler.ReconcileAsync(record, ct));
        return TypedResults.Ok(new Page<ReconciliationReport>(page.Total, page.Offset, page.Limit, reports));
    }

    private static async Task<Results<Ok<ReconciliationReport>, NotFound>> GetAsync(string country_code, string party_id, string id,
        IQuerySession session, CancellationToken ct)
    {
        var key = StreamKeys.For(ModuleId.InvoiceReconciliation, new PartyRef(country_code, party_id), id);
        if (await session.LoadAsync<InvoiceReconciliationView>(key, ct) is not { } record) return TypedResults.NotFound();
        return TypedResults.Ok(await new Reconciler(session).ReconcileAsync(record, ct));
    }

    /// <summary>CC-PID, e.g. NL-TNM (upper-cased, as stored).</summary>
    private static string? Cpo(QueryCheck check, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split('-');
        if (parts.Length == 2 && parts[0].Length == 2 && parts[1].Length is >= 1 and <= 3 && parts.All(p => p.All(char.IsAsciiLetterOrDigit)))
            return text.ToUpperInvariant();
        check.Fail("cpo", "must be a CPO party as CC-PID, e.g. NL-TNM");
        return null;
    }
}

/// <summary>The filters of GET /api/billing/reconciliation.</summary>
public sealed class ReconciliationFilters
{
    [FromQuery(Name = "cpo"), Description("Only records about this CPO party's CDRs, as CC-PID (e.g. NL-TNM).")]
    public string? Cpo { get; init; }

    [FromQuery(Name = "direction"), Description("DIRECT (records the CPO pushed to us) or REVERSE (records we issued).")]
    public string? Direction { get; init; }

    [FromQuery(Name = "include_deleted"), Description("Also list records their owner deleted (flagged deleted); default false.")]
    public string? IncludeDeleted { get; init; }
}
