using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Sessions;
using Ocpi.Protocol.Commands;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// Internal API of the commands we send: request one, follow one (status, the CPO's response, the charge point's result,
/// the linked Sessions and CDRs, every step with its time and metadata), list them; and a Session's commands.
/// </summary>
public static class CommandsApi
{
    public static void MapCommandsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/commands").WithTags("Commands");
        api.MapPost("", (JsonElement body, HttpContext http, CommandRequests requests) => requests.RequestAsync(http, body))
            .WithName("RequestCommand")
            .WithSummary("Send a command to a CPO: {cpo, type, request}; answered 202 at once, the result comes later")
            .Produces<CommandRequests.Accepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}", GetAsync).WithName("GetCommand")
            .WithSummary("One command: status, the CPO's response, the result, linked Sessions and CDRs, and its timeline");
        api.MapGet("", ListAsync).WithName("ListCommands")
            .WithSummary("Commands, newest first, paged; filters (cpo as CC-PID, status, type) combine with AND");

        routes.MapInternalApi("/sessions").WithTags("Sessions")
            .MapGet("/{country_code}/{party_id}/{session_id}/commands", SessionCommandsAsync).WithName("GetSessionCommands")
            .WithSummary("The commands whose authorization_reference the Session carries (e.g. the START_SESSION that began it)");
    }

    private static async Task<Results<Ok<CommandDetails>, NotFound>> GetAsync(string id, IQuerySession session, CancellationToken ct)
    {
        var view = await session.LoadAsync<CommandView>(CommandView.StreamKey(id), ct);
        if (view is null) return TypedResults.NotFound();
        var (sessions, cdrs) = view.AuthorizationReference is { } reference
            ? await LinkedObject.FindAsync(session, view.PartnerId, [reference], ct)
            : ([], []);
        var timeline = await EventHistory.ForStreamAsync(session, CommandView.StreamKey(id), ct) ?? [];
        return TypedResults.Ok(CommandDetails.Of(view, sessions, cdrs, timeline));
    }

    private static async Task<Results<Ok<Page<CommandSummary>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] CommandFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var status = check.OneOf("status", filters.Status, CommandStatus.All);
        var type = check.OneOf("type", filters.Type, CommandSchemas.CommandTypes);
        var cpo = check.PartyKey("cpo", filters.Cpo);
        if (check.Problem is { } problem) return problem;

        var query = session.Query<CommandView>().AsQueryable();
        if (cpo is not null) query = query.Where(c => c.CpoKey == cpo);
        if (status is not null) query = query.Where(c => c.Status == status);
        if (type is not null) query = query.Where(c => c.Type == type);
        var page = await query.ToPageAsync(q => q.OrderByDescending(c => c.RequestedAt).ThenBy(c => c.Id), window, ct);
        return TypedResults.Ok(new Page<CommandSummary>(page.Total, page.Offset, page.Limit, page.Items.Select(CommandSummary.Of).ToList()));
    }

    private static async Task<Results<Ok<IReadOnlyList<CommandSummary>>, NotFound>> SessionCommandsAsync(string country_code, string party_id,
        string session_id, IQuerySession session, CancellationToken ct)
    {
        var held = await session.LoadAsync<SessionView>(StreamKeys.For("session", new PartyRef(country_code, party_id), session_id), ct);
        if (held is null) return TypedResults.NotFound();
        if (held.AuthorizationReference is not { } reference) return TypedResults.Ok<IReadOnlyList<CommandSummary>>([]);
        var commands = await session.Query<CommandView>()
            .Where(c => c.AuthorizationReference == reference && c.PartnerId == held.PartnerId).OrderBy(c => c.RequestedAt).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<CommandSummary>>(commands.Select(CommandSummary.Of).ToList());
    }

}

public sealed class CommandFilters
{
    [FromQuery(Name = "cpo"), Description("The CPO party as CC-PID, e.g. NL-TNM.")]
    public string? Cpo { get; init; }

    [FromQuery(Name = "status"), Description("REQUESTED, SENT, a CommandResponseType, SEND_FAILED, a CommandResultType or TIMEOUT.")]
    public string? Status { get; init; }

    [FromQuery(Name = "type"), Description("CANCEL_RESERVATION, RESERVE_NOW, START_SESSION, STOP_SESSION or UNLOCK_CONNECTOR.")]
    public string? Type { get; init; }
}

/// <summary>A Session or CDR linked to a command or a booking by its authorization_reference.</summary>
public sealed record LinkedObject(string CountryCode, string PartyId, string Id)
{
    /// <summary>The partner's Sessions and CDRs that carry one of <paramref name="references"/>.</summary>
    public static async Task<(List<LinkedObject> Sessions, List<LinkedObject> Cdrs)> FindAsync(IQuerySession session, string partnerId,
        string[] references, CancellationToken ct)
    {
        var sessions = (await session.Query<SessionView>()
                .Where(s => s.AuthorizationReference.IsOneOf(references) && s.PartnerId == partnerId).ToListAsync(ct))
            .Select(s => new LinkedObject(s.CountryCode, s.PartyId, s.SessionId)).ToList();
        var cdrs = (await session.Query<CdrView>()
                .Where(c => c.AuthorizationReference.IsOneOf(references) && c.PartnerId == partnerId).ToListAsync(ct))
            .Select(c => new LinkedObject(c.CountryCode, c.PartyId, c.CdrId)).ToList();
        return (sessions, cdrs);
    }
}

public sealed record CommandSummary(string Id, string Type, PartyRef Cpo, string PartnerId, string Status, string? AuthorizationReference,
    DateTimeOffset RequestedAt, DateTimeOffset? SentAt, DateTimeOffset? ResultAt, DateTimeOffset? Deadline)
{
    public static CommandSummary Of(CommandView v) =>
        new(v.CommandId, v.Type, v.Cpo, v.PartnerId, v.Status, v.AuthorizationReference, v.RequestedAt, v.SentAt, v.ResultAt, v.Deadline);
}

public sealed record CommandDetails(string Id, string Type, PartyRef Cpo, string PartnerId, string Status, JsonObject? Response,
    JsonObject? Result, JsonObject? LateResult, int IgnoredResults, string? FailureReason, string? AuthorizationReference,
    string ResponseUrl, JsonObject Request, DateTimeOffset RequestedAt, DateTimeOffset? SentAt, DateTimeOffset? ResultAt,
    DateTimeOffset? Deadline, IReadOnlyList<LinkedObject> Sessions, IReadOnlyList<LinkedObject> Cdrs, IReadOnlyList<EventRecord> Timeline)
{
    public static CommandDetails Of(CommandView v, IReadOnlyList<LinkedObject> sessions, IReadOnlyList<LinkedObject> cdrs,
        IReadOnlyList<EventRecord> timeline) =>
        new(v.CommandId, v.Type, v.Cpo, v.PartnerId, v.Status, v.Response, v.Result, v.LateResult, v.IgnoredResults, v.FailureReason,
            v.AuthorizationReference, v.ResponseUrl, v.Command, v.RequestedAt, v.SentAt, v.ResultAt, v.Deadline, sessions, cdrs, timeline);
}
