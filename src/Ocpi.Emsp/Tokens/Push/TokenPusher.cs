using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tokens.Push;

/// <summary>
/// Sends the current state of a token to a partner's Tokens RECEIVER: PATCH when the partner holds the previous
/// version and the change was a patch, PUT otherwise. Never a stale state, never a second push of a delivered version.
/// </summary>
public sealed class TokenPusher(IHttpClientFactory httpClients, IHttpContextAccessor accessor, IOptions<EmspOptions> options,
    TimeProvider clock, ILogger<TokenPusher> logger)
{
    public static VersionEndpoint? TokensEndpoint(Partner partner) =>
        partner.IsRegistered ? partner.FindEndpoint(ModuleId.Tokens, InterfaceRole.RECEIVER) : null;

    /// <summary>Pushes if needed and records the delivery in <paramref name="session"/>; a failure is returned, not thrown.</summary>
    public async Task<PushOutcome> PushAsync(IDocumentSession session, Partner partner, TokenView token, CancellationToken ct)
    {
        var endpoint = TokensEndpoint(partner);
        if (endpoint is null) return PushOutcome.NotApplicable;
        var delivery = await session.LoadAsync<TokenDelivery>(TokenDelivery.IdFor(partner.Id, token.Id), ct);
        if (delivery is not null && delivery.DeliveredVersion >= token.Version) return PushOutcome.AlreadyDelivered;
        var secret = await session.LoadAsync<PartnerSecret>(partner.Id, ct);
        if (secret is null) return PushOutcome.NotApplicable;

        var url = $"{endpoint.Url.TrimEnd('/')}/{Uri.EscapeDataString(token.CountryCode)}/{Uri.EscapeDataString(token.PartyId)}/{Uri.EscapeDataString(token.Uid)}?type={Uri.EscapeDataString(token.Type)}";
        var patch = delivery is not null && delivery.DeliveredVersion == token.Version - 1 ? token.LastPatch : null;
        var (method, body) = patch is not null ? (HttpMethod.Patch, (JsonNode)patch) : (HttpMethod.Put, token.Token);
        try
        {
            await Client().SendForEnvelopeAsync(method, url, secret.OutboundToken, body, ct, routing: (options.Value.Party, partner.AddressedParty()));
        }
        catch (PartnerCallException e)
        {
            logger.LogWarning("Token push to partner {PartnerId} failed: {Reason}", partner.Id, e.Message);
            return PushOutcome.Failed(e.Message);
        }
        session.Store(new TokenDelivery
        {
            Id = TokenDelivery.IdFor(partner.Id, token.Id), PartnerId = partner.Id, TokenKey = token.Id,
            DeliveredVersion = token.Version, DeliveredAt = clock.GetUtcNow(), Method = method.Method,
        });
        return PushOutcome.Delivered;
    }

    /// <summary>Whether the partner answers again: its versions endpoint, with our token.</summary>
    public async Task<string?> ProbeAsync(IDocumentSession session, Partner partner, CancellationToken ct)
    {
        var secret = await session.LoadAsync<PartnerSecret>(partner.Id, ct);
        if (secret is null || partner.VersionsUrl is null) return "no credentials for this partner";
        try
        {
            await Client().SendForEnvelopeAsync(HttpMethod.Get, partner.VersionsUrl, secret.OutboundToken, null, ct);
            return null;
        }
        catch (PartnerCallException e)
        {
            return e.Message;
        }
    }

    // A singleton used by message handlers: one HttpClient per call from the factory (pooled handlers).
    private OcpiClient Client() => new(httpClients.CreateClient(nameof(OcpiClient)), accessor);
}

public sealed record PushOutcome(bool Succeeded, bool Attempted, string? Error)
{
    public static PushOutcome Delivered { get; } = new(true, true, null);
    public static PushOutcome AlreadyDelivered { get; } = new(true, false, null);
    public static PushOutcome NotApplicable { get; } = new(true, false, null);
    public static PushOutcome Failed(string error) => new(false, true, error);
}
