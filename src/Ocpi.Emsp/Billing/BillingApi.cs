using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Billing.Lines;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Billing;

/// <summary>Internal API: billing views built by the async daemon (eventually consistent with the CDRs received).</summary>
public static class BillingApi
{
    public static void MapBillingApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/billing").WithTags("Billing");
        api.MapGet("/cpo-daily-totals", CpoDailyTotalsAsync).WithName("ListCpoDailyTotals")
            .WithSummary("Per CPO party and UTC day of end_date_time: CDR count, energy, time and cost per currency; paged, by day");
        api.MapBillingLines();
    }

    private static async Task<Results<Ok<Page<CpoDailyCdrTotals>>, ValidationProblem>> CpoDailyTotalsAsync(
        [AsParameters] PageParameters paging, [AsParameters] OwnerParameters owner, [AsParameters] DayPeriod period,
        IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var party = check.Owner(owner);
        var from = check.Day("from", period.From);
        var to = check.Day("to", period.To);
        check.Period(from, to);
        if (check.Problem is { } problem) return problem;

        var query = session.Query<CpoDailyCdrTotals>().AsQueryable();
        if (party is not null) query = query.Where(t => t.CountryCode == party.CountryCode);
        if (party?.PartyId is { } partyId) query = query.Where(t => t.PartyId == partyId);
        if (from is { } first) query = query.Where(t => t.Day >= first);
        if (to is { } end) query = query.Where(t => t.Day < end);

        return TypedResults.Ok(await query.ToPageAsync(q => q.OrderBy(t => t.Day).ThenBy(t => t.Id), window, ct));
    }
}

/// <summary>A period of UTC days [from, to).</summary>
public sealed class DayPeriod
{
    [FromQuery(Name = "from"), Description("First day (yyyy-MM-dd), inclusive.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Day after the last (yyyy-MM-dd), exclusive.")]
    public string? To { get; init; }
}
