using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Sessions;

/// <summary>Sessions RECEIVER (mod_sessions.asciidoc): GET, PUT and PATCH of /{country_code}/{party_id}/{session_id}.</summary>
public static class SessionsEndpoints
{
    private const string Session = "/{country_code}/{party_id}/{session_id}";
    private const int IdLength = 36;

    public static void MapSessions(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapOcpiModule(ModuleId.Sessions, InterfaceRole.RECEIVER);
        sessions.MapGet(Session, GetAsync).WithName("GetSession").WithSummary("The Session as we hold it")
            .ProducesOcpi(SessionSchemas.Session).ProducesOcpiNotFound("session");
        sessions.MapPut(Session, PutAsync).WithName("PutSession").WithSummary("Create or replace the Session")
            .ProducesOcpiPut(SessionSchemas.Session).ProducesOcpiNotFound("party");
        sessions.MapPatch(Session, PatchAsync).WithName("PatchSession").WithSummary("Change some fields of the Session (charging_periods are appended)")
            .AcceptsOcpi(SessionSchemas.Session, patch: true).ProducesOcpi(null).ProducesOcpiNotFound("session");
    }

    private static async Task<IResult> GetAsync(string country_code, string party_id, string session_id, HttpContext http, IQuerySession query)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("session_id", session_id, IdLength)) is { } refusal) return refusal;
        var view = await query.LoadAsync<SessionView>(StreamKeys.For("session", owner, session_id), http.RequestAborted);
        return view is null ? Unknown(owner, session_id) : OcpiResults.Ok(view.Session);
    }

    private static async Task<IResult> PutAsync(string country_code, string party_id, string session_id, HttpContext http, ObjectStreamWriter writer)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("session_id", session_id, IdLength)) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, SessionSchemas.Session, http.RequestAborted);
        if (failure is not null) return failure;
        if ((ObjectOwnership.CheckBodyOwner(body!, owner) ?? ObjectOwnership.CheckBodyId(body!, "id", session_id)) is { } mismatch) return mismatch;

        return await writer.PutAsync<SessionView>(http, StreamKeys.For("session", owner, session_id), body!,
            put: b => new SessionPut(OcpiPayload.String(b, "country_code")!, OcpiPayload.String(b, "party_id")!, session_id, b),
            stale: (received, held, b) => new SessionStaleUpdateIgnored(received, held, b));
    }

    private static async Task<IResult> PatchAsync(string country_code, string party_id, string session_id, HttpContext http, ObjectStreamWriter writer,
        IOptions<EmspOptions> options)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("session_id", session_id, IdLength)) is { } refusal) return refusal;
        var (patch, failure) = await OcpiPayload.ReadPatchAsync(http.Request, SessionSchemas.Session, http.RequestAborted);
        if (failure is not null) return failure;
        if (patch!.ContainsKey("id") && ObjectOwnership.CheckBodyId(patch, "id", session_id) is { } idMismatch) return idMismatch;

        return await writer.WriteAsync<SessionView>(http, StreamKeys.For("session", owner, session_id), stream =>
        {
            if (stream.Aggregate is not { } held) return Unknown(owner, session_id);
            var received = OcpiPayload.LastUpdated(patch);
            if (StalePush.IsStale(received, held.LastUpdated))
            {
                stream.AppendOne(new SessionStaleUpdateIgnored(received, held.LastUpdated, patch));
                return StalePush.Answer(received, held.LastUpdated);
            }
            var result = (JsonObject)held.Session.DeepClone();
            SessionTree.Patch(result, patch);
            if ((ObjectOwnership.CheckBodyOwner(result, owner) ?? Invalid(result, options.Value.ObjectLimits)) is { } invalid) return invalid;
            stream.AppendOne(new SessionPatched(patch));
            return OcpiResults.Ok();
        });
    }

    /// <summary>A PATCH must leave a valid Session within the caps on stored objects (charging_periods only grow).</summary>
    private static IResult? Invalid(JsonObject session, Protocol.Validation.ObjectLimits limits)
    {
        var element = JsonSerializer.SerializeToElement(session);
        var validation = SessionSchemas.Session.Validate(element);
        if (!validation.IsValid) return OcpiResults.InvalidParameters($"The resulting Session would be invalid: {validation.Describe()}");
        return OcpiPayload.OverLimits(limits, SessionSchemas.Session, element, "The resulting Session would exceed a cap: ");
    }

    private static IResult Unknown(Protocol.Common.PartyRef owner, string sessionId) =>
        OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown session {owner}/{sessionId}");
}
