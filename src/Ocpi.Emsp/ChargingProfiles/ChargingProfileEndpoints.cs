using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Sessions;
using Ocpi.Protocol.ChargingProfiles;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// Charging profiles SENDER (mod_charging_profiles.asciidoc). POST {chargingprofiles}/{kind}/{cc}/{pid}/{session_id}/{id}
/// is the response_url of each request: the kind in the URL says which result table applies (their shapes overlap).
/// PUT {chargingprofiles}/{session_id} is the CPO's push of a changed ActiveChargingProfile. Both check the body first
/// (not JSON: HTTP 400; breaking its table: 2001) and accept only the partner the Session belongs to; for anyone else the
/// request or Session does not exist (HTTP 404, 2001) and nothing is stored. Both answer with data omitted, as the spec says.
/// </summary>
public static class ChargingProfileEndpoints
{
    public static void MapChargingProfiles(this IEndpointRouteBuilder routes)
    {
        var sender = routes.MapOcpiModule(ModuleId.ChargingProfiles, InterfaceRole.SENDER);
        sender.MapPost("/{kind}/{country_code}/{party_id}/{session_id}/{id}", PostResultAsync).WithName("PostChargingProfileResult")
            .WithSummary("The CPO posts the result of one of our charging profile requests to its response_url")
            .Produces<OcpiResponse<object>>();
        sender.MapPut("/{session_id}", PutActiveProfileAsync).WithName("PutActiveChargingProfile")
            .WithSummary("The CPO pushes the changed ActiveChargingProfile of one of its Sessions")
            .AcceptsOcpi(ChargingProfileSchemas.ActiveChargingProfile)
            .Produces<OcpiResponse<object>>();
    }

    private static async Task<IResult> PostResultAsync(string kind, string country_code, string party_id, string session_id, string id,
        HttpContext http, IDocumentSession session, ILogger<ChargingProfileView> logger)
    {
        var (document, failure) = await OcpiBody.ParseAsync(http.Request, http.RequestAborted);
        if (failure is not null) return failure;
        var requestKind = ChargingProfileKinds.FromSegment(kind);
        var schema = requestKind switch
        {
            ChargingProfileKinds.Set => ChargingProfileSchemas.ChargingProfileResult,
            ChargingProfileKinds.Active => ChargingProfileSchemas.ActiveChargingProfileResult,
            ChargingProfileKinds.Clear => ChargingProfileSchemas.ClearProfileResult,
            _ => null,
        };
        // The body is judged before the URL, as on every OCPI endpoint: an unknown kind is checked against the {result} table.
        var validation = (schema ?? ChargingProfileSchemas.ChargingProfileResult).Validate(document!.Value);
        if (!validation.IsValid) return OcpiResults.InvalidParameters(validation.Describe());
        if (schema is null) return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown request {kind}/{id}");

        var caller = http.Caller().Partner;
        var key = ChargingProfileView.StreamKey(new PartyRef(country_code, party_id), session_id);
        var stream = await session.Events.FetchForExclusiveWriting<ChargingProfileView>(key, http.RequestAborted);
        var request = stream.Aggregate?.Request(id);
        if (request is null || request.Kind != requestKind || stream.Aggregate!.PartnerId != caller.Id)
        {
            if (stream.Aggregate is { } held && held.PartnerId != caller.Id)
                logger.LogWarning("Partner {PartnerId} posted a charging profile result for {Key} of partner {Owner}: refused", caller.Id, key, held.PartnerId);
            return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown request {kind}/{id}");
        }
        if (request.Result is not null) return OcpiResults.OkWithMessage("A result was already recorded for this request");
        var result = JsonObject.Create(document.Value)!;
        stream.AppendOne(new ChargingProfileResultReceived(id, requestKind!, result["result"]!.GetValue<string>(), result));
        session.StampFromOcpiRequest(http, caller.Id);
        await session.SaveChangesAsync(http.RequestAborted);
        return OcpiResults.Ok();
    }

    private static async Task<IResult> PutActiveProfileAsync(string session_id, HttpContext http, IDocumentSession session)
    {
        var (document, failure) = await OcpiBody.ParseAsync(http.Request, http.RequestAborted);
        if (failure is not null) return failure;
        var validation = ChargingProfileSchemas.ActiveChargingProfile.Validate(document!.Value);
        if (!validation.IsValid) return OcpiResults.InvalidParameters(validation.Describe());

        // The URL names no party: the Session must be one of the calling partner's own.
        var caller = http.Caller().Partner;
        SessionView? owned = null;
        foreach (var party in caller.Parties)
        {
            owned = await session.LoadAsync<SessionView>(StreamKeys.For("session", party, session_id), http.RequestAborted);
            if (owned is not null && owned.PartnerId == caller.Id) break;
            owned = null;
        }
        if (owned is null) return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown session {session_id}");

        // Locked like the stream's other writers (our requests, their sends and results), so that none collides with it.
        var stream = await session.Events.FetchForExclusiveWriting<ChargingProfileView>(
            ChargingProfileView.StreamKey(new PartyRef(owned.CountryCode, owned.PartyId), session_id), http.RequestAborted);
        stream.AppendOne(new ActiveChargingProfileUpdated(new PartyRef(owned.CountryCode, owned.PartyId), session_id, caller.Id, JsonObject.Create(document.Value)!));
        session.StampFromOcpiRequest(http, caller.Id);
        await session.SaveChangesAsync(http.RequestAborted);
        return OcpiResults.Ok();
    }
}
