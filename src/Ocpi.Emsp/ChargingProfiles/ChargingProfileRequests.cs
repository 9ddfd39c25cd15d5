using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Sessions;
using Ocpi.Protocol.ChargingProfiles;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;
using Wolverine.Marten;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// PUT/GET/DELETE /api/sessions/{cc}/{pid}/{id}/charging-profile: checks the request, appends
/// <see cref="ChargingProfileRequested"/> with a response_url unique to it, and enrolls the send in the durable outbox in
/// the same transaction (never sent unrecorded nor recorded unsent). Refused with nothing stored: a bad body or duration
/// (400 naming the field), an unknown Session (404), a Session whose partner has no chargingprofiles RECEIVER (409), a
/// CPO its Hub reports as not CONNECTED (409), or a request that raced another one creating the Session's stream (409:
/// ask again).
/// </summary>
public sealed class ChargingProfileRequests(IDocumentSession session, IMartenOutbox outbox, IOptions<EmspOptions> options)
{
    public sealed record Accepted(string Id, string Kind, string Status);

    public async Task<IResult> RequestAsync(HttpContext http, PartyRef cpo, string sessionId, string kind, JsonElement? body, int? duration)
    {
        JsonObject? profile = null;
        if (kind == ChargingProfileKinds.Set)
        {
            if (body is not { ValueKind: JsonValueKind.Object } given)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["(body)"] = ["expected a ChargingProfile object"] });
            var validation = ChargingProfileSchemas.ChargingProfile.Validate(given);
            if (!validation.IsValid)
                return Results.ValidationProblem(validation.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
            profile = JsonObject.Create(given);
        }

        var held = await session.LoadAsync<SessionView>(StreamKeys.For("session", cpo, sessionId), http.RequestAborted);
        if (held is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Unknown session {cpo} {sessionId}");
        var partner = held.PartnerId is { } partnerId ? await session.LoadAsync<Partner>(partnerId, http.RequestAborted) : null;
        if (partner is null || ChargingProfileSender.Endpoint(partner) is null)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"The CPO of session {cpo} {sessionId} has no chargingprofiles RECEIVER endpoint in its version details");
        if ((await PartyRoutes.ThroughAsync(session, partner, cpo, "CPO", http.RequestAborted)).Unreachable is { } down)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"CPO {down}: the request was not sent");

        var id = Guid.NewGuid().ToString("N");
        var responseUrl = $"{options.Value.BaseUrl}{OcpiEndpointCatalog.ModulePath(ModuleId.ChargingProfiles)}/" +
                          $"{ChargingProfileKinds.Segment(kind)}/{cpo.CountryCode}/{cpo.PartyId}/{Uri.EscapeDataString(sessionId)}/{id}";
        var key = ChargingProfileView.StreamKey(cpo, sessionId);
        try
        {
            // Locked until the commit: requests, results and pushes of one Session take turns on its stream.
            var stream = await session.Events.FetchForExclusiveWriting<ChargingProfileView>(key, http.RequestAborted);
            stream.AppendOne(new ChargingProfileRequested(id, kind, cpo, sessionId, partner.Id, profile, duration, responseUrl));
            session.StampFromInternalRequest(http, partner.Id);
            outbox.Enroll(session);
            await outbox.PublishAsync(new SendChargingProfileRequest(key, id));
            await session.SaveChangesAsync(http.RequestAborted);
        }
        catch (Exception e) when (LockedAppend.IsConflict(e))
        {
            // Only the first writes of a new stream can race (no row to lock yet): the caller may simply ask again.
            return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"Another change to the charging profile of session {cpo} {sessionId} was recorded at the same moment: nothing was stored, ask again");
        }
        return Results.Accepted($"/api/sessions/{cpo.CountryCode}/{cpo.PartyId}/{sessionId}/charging-profile",
            new Accepted(id, kind, ChargingProfileKinds.Requested));
    }
}

/// <summary>Send one request of a Session's charging profile stream to its CPO (enrolled in the outbox with the request).</summary>
public sealed record SendChargingProfileRequest(string StreamKey, string RequestId);

/// <summary>Scheduled at the request's deadline: end it as TIMEOUT if no result came by then.</summary>
public sealed record ChargingProfileTimeout(string StreamKey, string RequestId);
