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

    private static Task<IResult> PostResultAsync(string kind, string country_code, string party_id, string session_id, string id,
        HttpContext http, IDocumentStore store, ILogger<ChargingProfileView> logger)
    {
        var requestKind = ChargingProfileKinds.FromSegment(kind);
        var schema = requestKind switch
        {
            ChargingProfileKinds.Set => ChargingProfileSchemas.ChargingProfileResult,
            ChargingProfileKinds.Active => ChargingProfileSchemas.ActiveChargingProfileResult,
            ChargingProfileKinds.Clear => ChargingProfileSchemas.ClearProfileResult,
            _ => null,
        };
        // The body is judged before the URL, as on every OCPI endpoint: an unknown kind is checked against the {result} table.
        return AsyncResultCallback.ReceiveAsync(http, store, logger, new AsyncResultTarget<ChargingProfileView>(
            $"Unknown request {kind}/{id}", schema ?? ChargingProfileSchemas.ChargingProfileResult,
            schema is null ? null : ChargingProfileView.StreamKey(new PartyRef(country_code, party_id), session_id),
            held => held.PartnerId,
            (held, result) => ChargingProfileResultRules.Decide(held, id, requestKind!, result)));
    }

    private static async Task<IResult> PutActiveProfileAsync(string session_id, HttpContext http, IQuerySession session, IDocumentStore store,
        ILogger<ChargingProfileView> logger)
    {
        var (document, failure) = await OcpiBody.ParseAsync(http.Request, http.RequestAborted);
        if (failure is not null) return failure;
        var validation = ChargingProfileSchemas.ActiveChargingProfile.Validate(document!.Value);
        if (!validation.IsValid) return OcpiResults.InvalidParameters(validation.Describe());

        // The URL names no party: the Session must be one of the calling partner's own.
        var caller = http.Caller().Partner;
        SessionView? owned = null;
        foreach (var party in http.WritableParties())
        {
            owned = await session.LoadAsync<SessionView>(StreamKeys.For("session", party, session_id), http.RequestAborted);
            if (owned is not null && owned.PartnerId == caller.Id) break;
            owned = null;
        }
        if (owned is null) return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown session {session_id}");

        // Locked like every write of this stream: a push racing one of our requests or its result takes its turn.
        var cpo = new PartyRef(owned.CountryCode, owned.PartyId);
        var update = new ActiveChargingProfileUpdated(cpo, session_id, caller.Id, JsonObject.Create(document.Value)!);
        await LockedAppend.RunAsync<ChargingProfileView, bool>(store, ChargingProfileView.StreamKey(cpo, session_id),
            s => s.StampFromOcpiRequest(http, caller.Id), stream => { stream.AppendOne(update); return true; }, logger, http.RequestAborted);
        return OcpiResults.Ok();
    }
}
