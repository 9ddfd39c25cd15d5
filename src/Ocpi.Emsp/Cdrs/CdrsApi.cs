using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Cdrs;

/// <summary>Internal API: the CDRs our CPOs sent, listed with filters, one by one, and their history.</summary>
public static class CdrsApi
{
    public static void MapCdrsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/cdrs").WithTags("CDRs");
        api.MapGet("", ListAsync).WithName("ListCdrs")
            .WithSummary("CDRs, paged, ordered by end_date_time then id; filters combine with AND");
        api.MapOwnedObjectReads<CdrView>("cdr", "cdr_id", "Cdr");
    }

    private static async Task<Results<Ok<Page<CdrView>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] OwnerParameters owner, [AsParameters] CdrFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var party = check.Owner(owner);
        var from = check.Instant("from", filters.From);
        var to = check.Instant("to", filters.To);
        check.Period(from, to);
        if (check.Problem is { } problem) return problem;

        var query = session.Query<CdrView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(filters.PartnerId)) query = query.Where(c => c.PartnerId == filters.PartnerId);
        if (party?.KeyPrefix("cdr") is { } prefix) query = query.Where(c => c.Id.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(filters.ContractId)) query = query.Where(c => c.ContractId == filters.ContractId);
        if (from is { } start) query = query.Where(c => c.EndDateTime >= start);
        if (to is { } end) query = query.Where(c => c.EndDateTime < end);

        return TypedResults.Ok(await query.ToPageAsync(q => q.OrderBy(c => c.EndDateTime).ThenBy(c => c.Id), window, ct));
    }
}

/// <summary>The CDR filters of GET /api/cdrs.</summary>
public sealed class CdrFilters
{
    [FromQuery(Name = "partner_id"), Description("Only CDRs sent by this partner.")]
    public string? PartnerId { get; init; }

    [FromQuery(Name = "contract_id"), Description("cdr_token.contract_id, exactly as sent.")]
    public string? ContractId { get; init; }

    [FromQuery(Name = "from"), Description("Only CDRs that ended at or after this RFC 3339 date-time.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Only CDRs that ended before this RFC 3339 date-time.")]
    public string? To { get; init; }
}
