using System.Text.Json;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Credentials;
using Ocpi.Emsp.Pull;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;
using Wolverine.Marten;
using CredentialsObject = Ocpi.Protocol.Credentials.Credentials;

namespace Ocpi.Emsp.Partners;

/// <summary>
/// Client side of the credentials handshakes, started from our internal API: we register with a CPO (their token A),
/// rotate our credentials with a partner, or unregister.
/// </summary>
public sealed class PartnerConnector(
    IDocumentSession session, OcpiClient client, PartnerDiscovery discovery, OurCredentials ours, TimeProvider clock,
    ILogger<PartnerConnector> logger, IMartenOutbox outbox)
{
    public async Task<Partner> RegisterAsync(HttpContext http, string versionsUrl, string tokenA, string? label, CancellationToken ct)
    {
        var discovered = await discovery.DiscoverAsync(versionsUrl, tokenA, ct);
        var credentialsUrl = discovered.Find(ModuleId.Credentials)!.Url;

        var partnerId = CredentialsTokens.NewPartnerId();
        var tokenB = CredentialsTokens.Generate();
        // Token B must be accepted before we POST: the partner calls our versions with it while handling the POST.
        session.StampFromInternalRequest(http, partnerId);
        session.Events.StartStream<Partner>(partnerId,
            new RegistrationWithPartnerStarted(partnerId, versionsUrl, CredentialsTokens.Hash(tokenB), clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);

        var theirs = await ExchangeAsync(http, partnerId, HttpMethod.Post, credentialsUrl, tokenA, tokenB, ct);
        session.StampFromInternalRequest(http, partnerId);
        session.Events.Append(partnerId, new PartnerRegistered(partnerId, RegistrationDirection.WeRegisteredWithThem, versionsUrl,
            discovered.Version, discovered.Endpoints, theirs.Roles, theirs.HubPartyId, CredentialsTokens.Hash(tokenB),
            CredentialsTokens.Fingerprint(theirs.Token), clock.GetUtcNow()));
        session.Store(new PartnerSecret { Id = partnerId, OutboundToken = theirs.Token });
        // The initial full pull of its SENDER lists, committed with the registration.
        outbox.Enroll(session);
        await outbox.PublishAsync(PullPartner.Everything(partnerId));
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Registered with partner {PartnerId} at {VersionsUrl}", partnerId, versionsUrl);
        return (await session.LoadAsync<Partner>(partnerId, ct))!;
    }

    public async Task<Partner> RotateAsync(HttpContext http, Partner partner, CancellationToken ct)
    {
        var current = await OutboundTokenAsync(partner, ct);
        var credentialsUrl = CredentialsUrl(partner);
        var newTokenForUs = CredentialsTokens.Generate();
        session.StampFromInternalRequest(http, partner.Id);
        session.Events.Append(partner.Id, new CredentialsRotationStarted(partner.Id, CredentialsTokens.Hash(newTokenForUs), clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);

        var theirs = await ExchangeAsync(http, partner.Id, HttpMethod.Put, credentialsUrl, current, newTokenForUs, ct);
        DiscoveredPartner discovered;
        try
        {
            discovered = await discovery.DiscoverAsync(theirs.Url, theirs.Token, ct);
        }
        catch (HandshakeException e)
        {
            await RecordFailureAsync(http, partner.Id, e.Message, ct);
            throw;
        }
        session.StampFromInternalRequest(http, partner.Id);
        session.Events.Append(partner.Id, new PartnerCredentialsUpdated(partner.Id, Initiator.Us, theirs.Url, discovered.Version,
            discovered.Endpoints, theirs.Roles, theirs.HubPartyId, CredentialsTokens.Hash(newTokenForUs),
            CredentialsTokens.Fingerprint(theirs.Token), clock.GetUtcNow()));
        session.Store(new PartnerSecret { Id = partner.Id, OutboundToken = theirs.Token });
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Rotated credentials with partner {PartnerId}", partner.Id);
        return (await session.LoadAsync<Partner>(partner.Id, ct))!;
    }

    /// <summary>DELETE on the partner's credentials endpoint, then the connection ends here too. With <paramref name="force"/> it ends here even if the partner cannot be reached.</summary>
    public async Task UnregisterAsync(HttpContext http, Partner partner, bool force, CancellationToken ct)
    {
        try
        {
            var token = await OutboundTokenAsync(partner, ct);
            await client.SendForEnvelopeAsync(HttpMethod.Delete, CredentialsUrl(partner), token, null, ct);
        }
        catch (Exception e) when (force && e is PartnerCallException or HandshakeException)
        {
            logger.LogWarning("Unregistering partner {PartnerId} locally; the partner could not be told: {Reason}", partner.Id, e.Message);
        }
        catch (PartnerCallException e)
        {
            throw new HandshakeException(OcpiStatusCode.UnableToUseClientApi, e.Message);
        }
        session.StampFromInternalRequest(http, partner.Id);
        session.Events.Append(partner.Id, new PartnerUnregistered(partner.Id, Initiator.Us, clock.GetUtcNow()));
        session.Delete<PartnerSecret>(partner.Id);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Unregistered partner {PartnerId}", partner.Id);
    }

    /// <summary>POSTs or PUTs our credentials and validates theirs from the answer; records a failed handshake.</summary>
    private async Task<CredentialsObject> ExchangeAsync(HttpContext http, string partnerId, HttpMethod method, string url,
        string authToken, string tokenForUs, CancellationToken ct)
    {
        try
        {
            var envelope = await client.SendForEnvelopeAsync(method, url, authToken, ours.For(tokenForUs), ct);
            if (!envelope.TryGetProperty("data", out var data))
                throw new HandshakeException(OcpiStatusCode.UnableToUseClientApi, $"{method} {url} answered without credentials");
            var validation = CredentialsSchemas.Credentials.Validate(data);
            if (!validation.IsValid)
                throw new HandshakeException(OcpiStatusCode.UnableToUseClientApi, $"{method} {url} answered invalid credentials: {validation.Describe()}");
            var theirs = data.Deserialize<CredentialsObject>(OcpiJson.Options)!;
            if (CredentialsRules.Check(theirs) is { } problem)
                throw new HandshakeException(OcpiStatusCode.UnableToUseClientApi, $"{method} {url} answered invalid credentials: {problem}");
            return theirs;
        }
        catch (Exception e) when (e is PartnerCallException or HandshakeException)
        {
            await RecordFailureAsync(http, partnerId, e.Message, ct);
            throw e as HandshakeException ?? new HandshakeException(OcpiStatusCode.UnableToUseClientApi, e.Message);
        }
    }

    private async Task RecordFailureAsync(HttpContext http, string partnerId, string reason, CancellationToken ct)
    {
        logger.LogWarning("Handshake with partner {PartnerId} failed: {Reason}", partnerId, reason);
        session.StampFromInternalRequest(http, partnerId);
        session.Events.Append(partnerId, new PartnerHandshakeFailed(partnerId, reason, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
    }

    private async Task<string> OutboundTokenAsync(Partner partner, CancellationToken ct) =>
        (await session.LoadAsync<PartnerSecret>(partner.Id, ct))?.OutboundToken
        ?? throw new HandshakeException(OcpiStatusCode.ServerError, $"No credentials token stored for partner {partner.Id}");

    private static string CredentialsUrl(Partner partner) =>
        partner.FindEndpoint(ModuleId.Credentials, InterfaceRole.SENDER)?.Url
        ?? throw new HandshakeException(OcpiStatusCode.NoMatchingEndpoints, $"Partner {partner.Id} lists no credentials endpoint");
}
