using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;
using Ocpi.Protocol.Sessions;

namespace Ocpi.Emsp.Sessions;

/// <summary>Internal API: the Sessions our CPOs pushed, listed with filters, one by one, and their history.</summary>
public static class SessionsApi
{
    public static void MapSessionsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/sessions").WithTags("Sessions");
        api.MapGet("", ListAsync).WithName("ListSessions")
            .WithSummary("Sessions, paged, ordered by start_date_time then id; filters combine with AND");
        api.MapOwnedObjectReads<SessionView>("session", "session_id", "Session");
    }

    private static async Task<Results<Ok<Page<SessionView>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] OwnerParameters owner, [AsParameters] SessionFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var party = check.Owner(owner);
        var status = check.OneOf("status", filters.Status, SessionSchemas.SessionStatus.Values);
        var from = check.Instant("from", filters.From);
        var to = check.Instant("to", filters.To);
        check.Period(from, to);
        if (check.Problem is { } problem) return problem;

        var query = session.Query<SessionView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(filters.PartnerId)) query = query.Where(s => s.PartnerId == filters.PartnerId);
        if (party?.KeyPrefix("session") is { } prefix) query = query.Where(s => s.Id.StartsWith(prefix));
        if (status is not null) query = query.Where(s => s.Status == status);
        if (!string.IsNullOrWhiteSpace(filters.TokenUid)) query = query.Where(s => s.TokenUid == filters.TokenUid);
        if (!string.IsNullOrWhiteSpace(filters.ContractId)) query = query.Where(s => s.ContractId == filters.ContractId);
        if (from is { } start) query = query.Where(s => s.StartDateTime >= start);
        if (to is { } end) query = query.Where(s => s.StartDateTime < end);

        return TypedResults.Ok(await query.ToPageAsync(q => q.OrderBy(s => s.StartDateTime).ThenBy(s => s.Id), window, ct));
    }
}

/// <summary>The Session filters of GET /api/sessions.</summary>
public sealed class SessionFilters
{
    [FromQuery(Name = "partner_id"), Description("Only Sessions pushed by this partner.")]
    public string? PartnerId { get; init; }

    [FromQuery(Name = "status"), Description("SessionStatus: ACTIVE, COMPLETED, INVALID, PENDING or RESERVATION.")]
    public string? Status { get; init; }

    [FromQuery(Name = "token_uid"), Description("cdr_token.uid, exactly as pushed.")]
    public string? TokenUid { get; init; }

    [FromQuery(Name = "contract_id"), Description("cdr_token.contract_id, exactly as pushed.")]
    public string? ContractId { get; init; }

    [FromQuery(Name = "from"), Description("Only Sessions that started at or after this RFC 3339 date-time.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Only Sessions that started before this RFC 3339 date-time.")]
    public string? To { get; init; }
}
