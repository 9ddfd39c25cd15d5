using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;
using Ocpi.Protocol.HubClientInfo;

namespace Ocpi.Emsp.Hub;

/// <summary>Internal API: the parties behind each Hub, with the status, role and last change the Hub reported.</summary>
public static class HubPartiesApi
{
    public static void MapHubPartiesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapInternalApi("/hub").WithTags("Hub")
            .MapGet("/parties", ListAsync).WithName("ListHubParties")
            .WithSummary("Parties behind each Hub as its ClientInfo reported them, by party; filters (hub, status, role) combine with AND");
    }

    private static async Task<Results<Ok<Page<HubPartySummary>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] HubPartyFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var status = check.OneOf("status", filters.Status, HubClientInfoSchemas.ConnectionStatus.Values.ToList());
        var role = check.OneOf("role", filters.Role, HubClientInfoSchemas.ClientRole.Values.ToList());
        if (check.Problem is { } problem) return problem;

        var query = session.Query<HubPartyView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(filters.Hub)) query = query.Where(v => v.HubPartnerId == filters.Hub);
        if (status is not null) query = query.Where(v => v.Status == status);
        if (role is not null) query = query.Where(v => v.Role == role);
        var page = await query.ToPageAsync(q => q.OrderBy(v => v.PartyKey).ThenBy(v => v.Role).ThenBy(v => v.HubPartnerId), window, ct);
        return TypedResults.Ok(new Page<HubPartySummary>(page.Total, page.Offset, page.Limit, page.Items.Select(HubPartySummary.Of).ToList()));
    }
}

public sealed class HubPartyFilters
{
    [FromQuery(Name = "hub"), Description("The Hub's partner id.")]
    public string? Hub { get; init; }

    [FromQuery(Name = "status"), Description("CONNECTED, OFFLINE, PLANNED or SUSPENDED.")]
    public string? Status { get; init; }

    [FromQuery(Name = "role"), Description("CPO, EMSP, NAP, NSP, OTHER, SCSP (or HUB from a 2.2.1 Hub).")]
    public string? Role { get; init; }
}

public sealed record HubPartySummary(string HubPartnerId, string CountryCode, string PartyId, string Role, string Status,
    DateTimeOffset LastUpdated, DateTimeOffset ReceivedAt, DateTimeOffset? CatchUpPullRequestedAt)
{
    public static HubPartySummary Of(HubPartyView v) =>
        new(v.HubPartnerId, v.CountryCode, v.PartyId, v.Role, v.Status, v.LastUpdated, v.ReceivedAt, v.CatchUpPullRequestedAt);
}
