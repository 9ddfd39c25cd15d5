using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Tariffs;

/// <summary>Internal API: the Tariffs our CPOs pushed (deleted ones on request), one by one, and their history.</summary>
public static class TariffsApi
{
    public static void MapTariffsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/tariffs").WithTags("Tariffs");
        api.MapGet("", ListAsync).WithName("ListTariffs")
            .WithSummary("Tariffs, paged, ordered by last_updated then id; filters combine with AND");
        api.MapOwnedObjectReads<TariffView>("tariff", "tariff_id", "Tariff");
        api.MapTariffPricing();
    }

    private static async Task<Results<Ok<Page<TariffView>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] OwnerParameters owner, [AsParameters] TariffFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var party = check.Owner(owner);
        var since = check.Instant("updated_since", filters.UpdatedSince);
        var includeDeleted = check.Boolean("include_deleted", filters.IncludeDeleted) ?? false;
        if (check.Problem is { } problem) return problem;

        var query = session.Query<TariffView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(filters.PartnerId)) query = query.Where(t => t.PartnerId == filters.PartnerId);
        if (party?.KeyPrefix("tariff") is { } prefix) query = query.Where(t => t.Id.StartsWith(prefix));
        if (since is { } from) query = query.Where(t => t.LastUpdated >= from);
        if (!includeDeleted) query = query.Where(t => !t.Deleted);

        return TypedResults.Ok(await query.ToPageAsync(q => q.OrderBy(t => t.LastUpdated).ThenBy(t => t.Id), window, ct));
    }
}

/// <summary>The Tariff filters of GET /api/tariffs.</summary>
public sealed class TariffFilters
{
    [FromQuery(Name = "partner_id"), Description("Only Tariffs pushed by this partner.")]
    public string? PartnerId { get; init; }

    [FromQuery(Name = "updated_since"), Description("Only Tariffs with last_updated at or after this RFC 3339 date-time.")]
    public string? UpdatedSince { get; init; }

    [FromQuery(Name = "include_deleted"), Description("Also list Tariffs the CPO deleted (flagged deleted); default false.")]
    public string? IncludeDeleted { get; init; }
}
