using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Partners;
using Wolverine;

namespace Ocpi.Emsp.Pull;

/// <summary>Internal API of pull sync: trigger a pull of a partner's SENDER lists, and show where each stands.</summary>
public static class PullApi
{
    public static void MapPullApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/partners").WithTags("Partners");
        api.MapPost("/{partner_id}/sync", TriggerAsync).WithName("TriggerPartnerSync")
            .WithSummary("Pull the partner's SENDER lists now (locations, sessions, cdrs, tariffs; all when modules is absent)");
        api.MapGet("/{partner_id}/sync", StatusAsync).WithName("GetPartnerSyncStatus")
            .WithSummary("Per module: cursor, run in progress or last run, objects pulled, events appended, pages, last error");
    }

    private static async Task<Results<Accepted<SyncScheduled>, NotFound, ValidationProblem, Conflict<string>>> TriggerAsync(
        [FromRoute(Name = "partner_id")] string partnerId,
        [FromQuery(Name = "modules"), Description("Comma-separated: locations, sessions, cdrs, tariffs.")] string? modules,
        IQuerySession session, IMessageBus bus, CancellationToken ct)
    {
        var check = new QueryCheck();
        var asked = string.IsNullOrWhiteSpace(modules)
            ? PullModules.Names.ToList<string?>()
            : modules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(m => check.OneOf("modules", m, PullModules.Names)).ToList();
        if (check.Problem is { } problem) return problem;
        var partner = await session.LoadAsync<Partner>(partnerId, ct);
        if (partner is null) return TypedResults.NotFound();
        if (!partner.IsRegistered) return TypedResults.Conflict($"Partner {partnerId} is not registered ({partner.Status})");

        var wanted = asked.OfType<string>().Distinct().ToList();
        var offered = wanted.Where(m => PullModules.ByName(m).SenderOf(partner) is not null).ToArray();
        if (offered.Length > 0) await bus.PublishAsync(new PullPartner(partnerId, offered));
        return TypedResults.Accepted($"/api/partners/{partnerId}/sync",
            new SyncScheduled(partnerId, offered, [.. wanted.Except(offered)]));
    }

    private static async Task<Results<Ok<SyncStatus>, NotFound>> StatusAsync([FromRoute(Name = "partner_id")] string partnerId,
        IQuerySession session, CancellationToken ct)
    {
        var partner = await session.LoadAsync<Partner>(partnerId, ct);
        if (partner is null) return TypedResults.NotFound();
        var cursors = (await session.LoadManyAsync<PullCursor>(ct, PullModules.Names.Select(m => PullCursor.IdFor(partnerId, m)).ToArray()))
            .ToDictionary(c => c.Module);
        return TypedResults.Ok(new SyncStatus(partnerId, PullModules.All.Select(m =>
            ModuleSyncStatus.Of(m.Name, m.SenderOf(partner) is not null, cursors.GetValueOrDefault(m.Name))).ToList()));
    }
}

/// <summary>What a trigger scheduled: the modules to pull, and those the partner offers no SENDER interface for.</summary>
public sealed record SyncScheduled(string PartnerId, string[] Scheduled, string[] NotOffered);

public sealed record SyncStatus(string PartnerId, IReadOnlyList<ModuleSyncStatus> Modules);

/// <param name="Cursor">date_from of the next run (null: the next run reads the whole list).</param>
/// <param name="Running">A run is in progress, or stopped at <paramref name="ResumeAt"/> and resumes there.</param>
public sealed record ModuleSyncStatus(string Module, bool Offered, DateTimeOffset? Cursor, bool Running, string? ResumeAt,
    DateTimeOffset? RunStartedAt, DateTimeOffset? LastRunStartedAt, DateTimeOffset? LastRunEndedAt, int Pages, int ObjectsPulled,
    int EventsAppended, int ObjectsRefused, IReadOnlyList<string> Refusals, string? LastError, DateTimeOffset? LastErrorAt)
{
    public static ModuleSyncStatus Of(string module, bool offered, PullCursor? c) => c is null
        ? new(module, offered, null, false, null, null, null, null, 0, 0, 0, 0, [], null, null)
        : new(module, offered, c.Cursor == DateTimeOffset.MinValue ? null : c.Cursor, c.RunStartedAt is not null, c.NextUrl, c.RunStartedAt, c.LastRunStartedAt, c.LastRunEndedAt,
            c.Pages, c.ObjectsPulled, c.EventsAppended, c.ObjectsRefused, c.Refusals, c.LastError, c.LastErrorAt);
}
