using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Protocol.HubClientInfo;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;
using Wolverine.Marten;

namespace Ocpi.Emsp.Hub;

/// <summary>
/// Hub Client Info RECEIVER (mod_hub_client_info.asciidoc): the Hub PUTs the ClientInfo of each party behind it and may
/// GET our copy back. Only a partner that declared Hub functionality (hub_party_id in its credentials) may write here:
/// anyone else is refused (HTTP 403, OCPI 2000) and nothing is stored, because a CPO telling us another party is OFFLINE
/// would let it block that party's commands. The URL's party must be the body's (2001 otherwise). A ClientInfo older than
/// the one we hold is answered 1000 and not stored (pushes may overtake each other). A party reported CONNECTED again
/// after another status enrolls a pull of the Hub's SENDER lists (GET all via the Hub) in the outbox, in the same
/// transaction as the ClientInfo: what it changed while unreachable is read without waiting for the next scheduled pull.
/// </summary>
public static class ClientInfoEndpoints
{
    public static void MapHubClientInfo(this IEndpointRouteBuilder routes)
    {
        var receiver = routes.MapOcpiModule(ModuleId.HubClientInfo, InterfaceRole.RECEIVER);
        receiver.MapPut("/{country_code}/{party_id}", PutAsync).WithName("PutClientInfo")
            .WithSummary("A Hub reports the connection status of a party behind it")
            .ProducesOcpiPut(HubClientInfoSchemas.ClientInfo)
            .ProducesOcpiError(StatusCodes.Status403Forbidden, "The caller is not a Hub (no hub_party_id in its credentials): nothing stored (status_code 2000)");
        receiver.MapGet("/{country_code}/{party_id}", GetAsync).WithName("GetClientInfo")
            .WithSummary("A Hub reads back our copy of a party's ClientInfo")
            .ProducesOcpi(HubClientInfoSchemas.ClientInfo)
            .ProducesOcpiNotFound("ClientInfo");
    }

    private static async Task<IResult> PutAsync(string country_code, string party_id, HttpContext http, IDocumentSession session,
        IMartenOutbox outbox, HubDirectory hubs)
    {
        if (HandshakeOnly(http) is { } refused) return refused;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, HubClientInfoSchemas.ClientInfo, http.RequestAborted);
        if (failure is not null) return failure;
        var caller = http.Caller().Partner;
        if (caller.HubPartyId is null)
            return OcpiResults.Error(StatusCodes.Status403Forbidden, OcpiStatusCode.ClientError,
                "Only a Hub (a partner whose credentials carry hub_party_id) may push ClientInfo");

        var country = OcpiPayload.String(body!, "country_code")!.ToUpperInvariant();
        var party = OcpiPayload.String(body!, "party_id")!.ToUpperInvariant();
        if (!string.Equals(country, country_code, StringComparison.OrdinalIgnoreCase) || !string.Equals(party, party_id, StringComparison.OrdinalIgnoreCase))
            return OcpiResults.InvalidParameters($"country_code/party_id of the body ({country}/{party}) differ from the URL's ({country_code}/{party_id})");
        var role = OcpiPayload.String(body!, "role")!;
        var lastUpdated = OcpiPayload.LastUpdated(body!);

        var key = HubPartyView.StreamKey(caller.Id, country, party, role);
        var held = await session.LoadAsync<HubPartyView>(key, http.RequestAborted);
        if (held is not null && held.LastUpdated > lastUpdated)
            return OcpiResults.OkWithMessage($"Not stored: we hold a newer ClientInfo (last_updated {held.LastUpdated:O})");

        var received = new ClientInfoReceived(caller.Id, country, party, role, OcpiPayload.String(body!, "status")!, lastUpdated, body!);
        if (held is null) session.Events.StartStream<HubPartyView>(key, received);
        else session.Events.Append(key, received);
        if (held is { Status: not HubClientInfoSchemas.Connected } && received.Status == HubClientInfoSchemas.Connected && PullablePartner.HasSenders(caller))
        {
            session.Events.Append(key, new HubPartyCatchUpPullRequested(caller.Id, country, party, role, held.Status, [.. PullModules.Names]));
            outbox.Enroll(session);
            await outbox.PublishAsync(PullPartner.Everything(caller.Id));
        }
        session.StampFromOcpiRequest(http, caller.Id);
        await session.SaveChangesAsync(http.RequestAborted);
        hubs.Forget(caller.Id);
        return OcpiResults.Ok(held is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The URL carries no role: for a party reported in several roles, the most recently changed one.</summary>
    private static async Task<IResult> GetAsync(string country_code, string party_id, HttpContext http, IQuerySession session)
    {
        if (HandshakeOnly(http) is { } refused) return refused;
        var caller = http.Caller().Partner;
        var key = HubPartyView.KeyOf(country_code, party_id);
        var held = await session.Query<HubPartyView>().Where(v => v.HubPartnerId == caller.Id && v.PartyKey == key)
            .OrderByDescending(v => v.LastUpdated).FirstOrDefaultAsync(http.RequestAborted);
        return held is null
            ? OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"No ClientInfo for {country_code}/{party_id}")
            : OcpiResults.Ok(held.ClientInfo);
    }

    /// <summary>
    /// Hub Client Info is a configuration module (no routing headers), which the token filter also opens to token A; only a
    /// registered partner's token may read or write it.
    /// </summary>
    private static IResult? HandshakeOnly(HttpContext http) => http.Caller().Scope == TokenScope.Handshake
        ? OcpiResults.Unauthorized("This token is valid on versions and credentials only until the registration completes")
        : null;
}
