using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Internal;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// Internal API of a Session's charging profile at its CPO: set one (PUT, body: a ChargingProfile), ask the active one
/// for a duration (GET ?duration=), clear ours (DELETE) — each answered 202 with the request id (the CPO answers
/// asynchronously); GET .../charging-profile/history shows the active profile as last reported, the profile we set, every request with its answers, and the timeline.
/// </summary>
public static class ChargingProfilesApi
{
    public static void MapChargingProfilesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/sessions").WithTags("Charging profiles");
        const string path = "/{country_code}/{party_id}/{session_id}/charging-profile";
        api.MapPut(path, (string country_code, string party_id, string session_id, JsonElement body, HttpContext http, ChargingProfileRequests requests) =>
                requests.RequestAsync(http, new PartyRef(country_code, party_id), session_id, ChargingProfileKinds.Set, body, null))
            .WithName("SetChargingProfile").WithSummary("Set a ChargingProfile on the Session at its CPO; answered 202, the result comes later")
            .Produces<ChargingProfileRequests.Accepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet(path, AskActiveAsync)
            .WithName("RequestActiveChargingProfile").WithSummary("Ask the CPO for the Session's ActiveChargingProfile over duration seconds; answered 202")
            .Produces<ChargingProfileRequests.Accepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete(path, (string country_code, string party_id, string session_id, HttpContext http, ChargingProfileRequests requests) =>
                requests.RequestAsync(http, new PartyRef(country_code, party_id), session_id, ChargingProfileKinds.Clear, null, null))
            .WithName("ClearChargingProfile").WithSummary("Clear our ChargingProfile on the Session at its CPO; answered 202")
            .Produces<ChargingProfileRequests.Accepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet(path + "/history", GetAsync).WithName("GetChargingProfileHistory")
            .WithSummary("The Session's active profile as last reported, the profile we set, every request with its answers, and the timeline");
    }

    private static async Task<IResult> AskActiveAsync(string country_code, string party_id, string session_id, string? duration,
        HttpContext http, ChargingProfileRequests requests)
    {
        var check = new QueryCheck();
        var seconds = check.Integer("duration", duration, 1, 86_400);
        if (seconds is null) check.Fail("duration", "required: the seconds of profile to ask for (1 to 86400)");
        if (check.Problem is { } problem) return problem;
        return await requests.RequestAsync(http, new PartyRef(country_code, party_id), session_id, ChargingProfileKinds.Active, null, seconds);
    }

    private static async Task<Results<Ok<ChargingProfileDetails>, NotFound>> GetAsync(string country_code, string party_id, string session_id,
        IQuerySession session, CancellationToken ct)
    {
        var key = ChargingProfileView.StreamKey(new PartyRef(country_code, party_id), session_id);
        var view = await session.LoadAsync<ChargingProfileView>(key, ct);
        if (view is null) return TypedResults.NotFound();
        var timeline = await EventHistory.ForStreamAsync(session, key, ct) ?? [];
        return TypedResults.Ok(new ChargingProfileDetails(view.Cpo, view.SessionId, view.PartnerId, view.ActiveProfile, view.ActiveProfileAt,
            view.SetProfile, view.Updates, view.Requests, timeline));
    }
}

public sealed record ChargingProfileDetails(PartyRef Cpo, string SessionId, string PartnerId, JsonObject? ActiveProfile,
    DateTimeOffset? ActiveProfileAt, JsonObject? SetProfile, int Updates, IReadOnlyList<ChargingProfileRequest> Requests,
    IReadOnlyList<EventRecord> Timeline);
