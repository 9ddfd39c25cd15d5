using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Transport;
using Wolverine.Marten;
using CredentialsObject = Ocpi.Protocol.Credentials.Credentials;

namespace Ocpi.Emsp.Credentials;

/// <summary>
/// Server side of the credentials handshakes: a partner registers (POST with token A), updates (PUT) or unregisters
/// (DELETE). Every outcome that changes the connection is an event on the partner's stream.
/// </summary>
public sealed class CredentialsHandshakes(
    IDocumentSession session, PartnerDiscovery discovery, OurCredentials ours, TimeProvider clock,
    ILogger<CredentialsHandshakes> logger, IMartenOutbox outbox)
{
    public async Task<IResult> RegisterAsync(HttpContext http)
    {
        var caller = http.Caller();
        if (caller.Scope == TokenScope.Full || caller.Partner.Status != PartnerStatus.Invited)
            return OcpiResults.MethodNotAllowed("Already registered: use PUT to update or DELETE to unregister");
        return await HandshakeAsync(http, caller, isUpdate: false);
    }

    public async Task<IResult> UpdateAsync(HttpContext http)
    {
        var caller = http.Caller();
        if (caller.Scope != TokenScope.Full)
            return OcpiResults.MethodNotAllowed("Not registered: POST your credentials first");
        return await HandshakeAsync(http, caller, isUpdate: true);
    }

    public async Task<IResult> UnregisterAsync(HttpContext http)
    {
        var caller = http.Caller();
        if (caller.Scope != TokenScope.Full)
            return OcpiResults.MethodNotAllowed("Not registered: there is nothing to unregister");
        var partnerId = caller.Partner.Id;
        session.StampFromOcpiRequest(http, partnerId);
        session.Events.Append(partnerId, new PartnerUnregistered(partnerId, Initiator.Partner, clock.GetUtcNow()));
        session.Delete<PartnerSecret>(partnerId);
        await session.SaveChangesAsync(http.RequestAborted);
        logger.LogInformation("Partner {PartnerId} unregistered", partnerId);
        return OcpiResults.Ok();
    }

    private async Task<IResult> HandshakeAsync(HttpContext http, AuthenticatedPartner caller, bool isUpdate)
    {
        var ct = http.RequestAborted;
        var body = await OcpiBody.ReadAsync<CredentialsObject>(http.Request, CredentialsSchemas.Credentials, ct);
        if (body.Failure is not null) return body.Failure;
        var theirs = body.Value!;
        if (CredentialsRules.Check(theirs) is { } problem) return OcpiResults.InvalidParameters(problem);

        var partnerId = caller.Partner.Id;
        if (await CredentialsRules.FindPartyTakenByAnotherPartner(session, partnerId, theirs, ct) is { } taken)
            return OcpiResults.Error(StatusCodes.Status200OK, OcpiStatusCode.ClientError,
                $"roles: party {taken} is already registered on another connection");

        var state = await session.Events.FetchStreamStateAsync(partnerId, ct);
        DiscoveredPartner discovered;
        try
        {
            discovered = await discovery.DiscoverAsync(theirs.Url, theirs.Token, ct);
        }
        catch (HandshakeException e)
        {
            logger.LogWarning("Credentials {Method} of partner {PartnerId} failed: {Reason}", http.Request.Method, partnerId, e.Message);
            session.StampFromOcpiRequest(http, partnerId);
            session.Events.Append(partnerId, new PartnerHandshakeFailed(partnerId, e.Message, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return OcpiResults.ServerError(e.OcpiStatus, e.Message);
        }

        var tokenForThem = CredentialsTokens.Generate();
        var now = clock.GetUtcNow();
        object fact = isUpdate
            ? new PartnerCredentialsUpdated(partnerId, Initiator.Partner, theirs.Url, discovered.Version, discovered.Endpoints,
                theirs.Roles, theirs.HubPartyId, CredentialsTokens.Hash(tokenForThem), CredentialsTokens.Fingerprint(theirs.Token), now)
            : new PartnerRegistered(partnerId, RegistrationDirection.TheyRegisteredWithUs, theirs.Url, discovered.Version,
                discovered.Endpoints, theirs.Roles, theirs.HubPartyId, CredentialsTokens.Hash(tokenForThem),
                CredentialsTokens.Fingerprint(theirs.Token), now);

        session.StampFromOcpiRequest(http, partnerId);
        // Expected version: two concurrent handshakes on one connection cannot both win.
        session.Events.Append(partnerId, state!.Version + 1, fact);
        session.Store(new PartnerSecret { Id = partnerId, OutboundToken = theirs.Token });
        if (!isUpdate)
        {
            // The initial full pull of its SENDER lists, committed with the registration.
            outbox.Enroll(session);
            await outbox.PublishAsync(PullPartner.Everything(partnerId));
        }
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Partner {PartnerId} {Action} ({Parties})", partnerId, isUpdate ? "updated its credentials" : "registered",
            string.Join(", ", theirs.Roles.Select(r => $"{r.Role} {r.CountryCode}/{r.PartyId}")));
        return OcpiResults.Ok(ours.For(tokenForThem));
    }
}
