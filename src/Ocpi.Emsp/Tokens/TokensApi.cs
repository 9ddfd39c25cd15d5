using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting.OpenApi;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Tokens.Push;
using Ocpi.Protocol.Tokens;

namespace Ocpi.Emsp.Tokens;

/// <summary>Internal API for our tokens: create/replace, patch (e.g. block), policy, list, one token with its history, sync status.</summary>
public static class TokensApi
{
    public static void MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/tokens").WithTags("Tokens");
        api.MapPut("/{uid}", PutAsync).WithName("PutToken").WithSummary("Create or replace a token (full OCPI 2.3.0 Token object)")
            .AcceptsFieldTable(TokenSchemas.Token).Produces<TokenSummary>(StatusCodes.Status201Created).Produces<TokenSummary>()
            .ProducesValidationProblem();
        api.MapPatch("/{uid}", PatchAsync).WithName("PatchToken").WithSummary("Change some fields, e.g. {\"valid\": false} to block")
            .AcceptsFieldTable(TokenSchemas.Token, patch: true, lastUpdatedRequired: false).Produces<TokenSummary>().ProducesValidationProblem()
            .Produces(StatusCodes.Status404NotFound);
        api.MapPut("/{uid}/policy", PolicyAsync).WithName("PutTokenPolicy")
            .WithSummary("Our authorization rules for the token: expiry, credit stop, allowed locations")
            .Produces<TokenSummary>().Produces(StatusCodes.Status404NotFound);
        api.MapGet("", ListAsync).WithName("ListTokens").WithSummary("Our tokens, oldest first, filtered by contract_id and valid")
            .Produces<Page<TokenSummary>>().ProducesValidationProblem();
        api.MapGet("/{uid}", GetAsync).WithName("GetToken").WithSummary("One token with its event history")
            .Produces<TokenDetails>().Produces(StatusCodes.Status404NotFound);

        routes.MapInternalApi("/authorizations").WithTags("Tokens").MapGet("/{reference}", AuthorizationAsync).WithName("GetAuthorization")
            .WithSummary("A real-time authorization decision, with the sessions and CDRs that carry its reference")
            .Produces<AuthorizationDetails>().Produces(StatusCodes.Status404NotFound);
        routes.MapInternalApi("/token-sync").WithTags("Tokens").MapGet("", SyncStatusAsync).WithName("TokenSyncStatus")
            .WithSummary("Per partner: in sync, lagging since, last error, push counts");
    }

    private static async Task<IResult> PutAsync(string uid, string? type, JsonElement body, HttpContext http, TokenCommands commands)
    {
        var (problem, view, created) = await commands.PutAsync(http, uid, type, body);
        if (problem is not null) return problem;
        return created ? Results.Created($"/api/tokens/{uid}?type={view!.Type}", TokenSummary.Of(view)) : Results.Ok(TokenSummary.Of(view!));
    }

    private static async Task<IResult> PatchAsync(string uid, string? type, JsonElement body, HttpContext http, TokenCommands commands)
    {
        var (problem, view) = await commands.PatchAsync(http, uid, type ?? Protocol.Tokens.TokenSchemas.DefaultType, body);
        return problem ?? Results.Ok(TokenSummary.Of(view!));
    }

    private static async Task<IResult> PolicyAsync(string uid, string? type, TokenPolicy policy, HttpContext http, TokenCommands commands) =>
        await commands.SetPolicyAsync(http, uid, type ?? Protocol.Tokens.TokenSchemas.DefaultType, policy) is { } view
            ? Results.Ok(TokenSummary.Of(view))
            : Results.NotFound();

    private static async Task<IResult> ListAsync([AsParameters] PageParameters paging, string? contract_id, string? valid,
        IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var isValid = check.Boolean("valid", valid);
        if (check.Problem is { } problem) return problem;
        var query = session.Query<TokenView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(contract_id)) query = query.Where(t => t.ContractId == contract_id);
        if (isValid is { } v) query = query.Where(t => t.Valid == v);
        var page = await query.ToPageAsync(q => q.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id), window, ct);
        return Results.Ok(new Page<TokenSummary>(page.Total, page.Offset, page.Limit, page.Items.Select(TokenSummary.Of).ToList()));
    }

    private static async Task<IResult> GetAsync(string uid, string? type, IQuerySession session, TokenCommands commands, CancellationToken ct)
    {
        var key = commands.KeyOf(uid, type ?? Protocol.Tokens.TokenSchemas.DefaultType);
        var view = await session.LoadAsync<TokenView>(key, ct);
        if (view is null) return Results.NotFound();
        var deliveries = await session.Query<TokenDelivery>().Where(d => d.TokenKey == key).OrderBy(d => d.PartnerId).ToListAsync(ct);
        return Results.Ok(new TokenDetails(TokenSummary.Of(view), deliveries, await EventHistory.ForStreamAsync(session, key, ct)));
    }

    private static async Task<IResult> AuthorizationAsync(string reference, IQuerySession session, CancellationToken ct)
    {
        var decision = await session.Events.AggregateStreamAsync<AuthorizationView>(AuthorizationView.StreamKey(reference), token: ct);
        if (decision is null) return Results.NotFound();
        var sessions = await session.Query<Sessions.SessionView>().Where(s => s.AuthorizationReference == reference).Select(s => s.Id).ToListAsync(ct);
        var cdrs = await session.Query<Cdrs.CdrView>().Where(c => c.AuthorizationReference == reference).Select(c => c.Id).ToListAsync(ct);
        return Results.Ok(new AuthorizationDetails(decision, sessions, cdrs, await EventHistory.ForStreamAsync(session, AuthorizationView.StreamKey(reference), ct)));
    }

    private static async Task<IReadOnlyList<TokenSyncStatus>> SyncStatusAsync(IQuerySession session, CancellationToken ct) =>
        [.. (await session.Query<TokenSyncStatus>().OrderBy(s => s.Id).ToListAsync(ct)).Select(s => s.Shown())];
}

/// <summary>One token, the state of its push to each partner, and its stream's events.</summary>
public sealed record TokenDetails(TokenSummary Token, IReadOnlyList<TokenDelivery> Deliveries, IReadOnlyList<EventRecord>? History);

/// <summary>One authorization decision, the sessions and CDRs that carry its reference, and its stream's events.</summary>
public sealed record AuthorizationDetails(AuthorizationView Decision, IReadOnlyList<string> Sessions, IReadOnlyList<string> Cdrs,
    IReadOnlyList<EventRecord>? History);

public sealed record TokenSummary(string Key, string Uid, string Type, string? ContractId, bool Valid, string? Whitelist,
    DateTimeOffset LastUpdated, long Version, TokenPolicy Policy, System.Text.Json.Nodes.JsonObject Token)
{
    public static TokenSummary Of(TokenView v) =>
        new(v.Id, v.Uid, v.Type, v.ContractId, v.Valid, v.Whitelist, v.LastUpdated, v.Version, v.Policy, v.Token);
}
