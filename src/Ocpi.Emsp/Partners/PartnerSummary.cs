using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Partners;

/// <summary>A partner as the internal API shows it. Never contains a credentials token.</summary>
public sealed record PartnerSummary(
    string Id,
    PartnerStatus Status,
    RegistrationDirection? Direction,
    string? Label,
    string? CountryCode,
    string? PartyId,
    Role? Role,
    IReadOnlyList<CredentialsRole> Roles,
    string? HubPartyId,
    string? VersionsUrl,
    string? Version,
    IReadOnlyList<VersionEndpoint> Endpoints,
    string? OutboundTokenFingerprint,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    public static PartnerSummary Of(Partner p)
    {
        var main = p.Roles.FirstOrDefault(r => r.Role == Protocol.Credentials.Role.CPO) ?? p.Roles.FirstOrDefault();
        return new PartnerSummary(p.Id, p.Status, p.Direction, p.Label, main?.CountryCode, main?.PartyId, main?.Role, p.Roles,
            p.HubPartyId, p.VersionsUrl, p.Version, p.Endpoints, p.OutboundTokenFingerprint, p.LastError, p.CreatedAt,
            p.RegisteredAt, p.UpdatedAt);
    }
}

public sealed record InvitationRequest(string? Label);

public sealed record InvitationResponse(string PartnerId, string TokenA, string VersionsUrl);

public sealed record RegistrationRequest(string? VersionsUrl, string? TokenA, string? Label);
