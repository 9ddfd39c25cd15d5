using Ocpi.Protocol.Common;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Partners;

public enum PartnerStatus
{
    Invited,
    Registering,
    Registered,
    RegistrationFailed,
    Unregistered,
}

/// <summary>The partner view (inline projection of a partner stream); used to authenticate every OCPI request.</summary>
public sealed class Partner
{
    public string Id { get; set; } = "";
    public PartnerStatus Status { get; set; }
    public RegistrationDirection? Direction { get; set; }
    public string? Label { get; set; }

    /// <summary>Hash of the credentials token the partner presents to us (A while invited, then B or C).</summary>
    public string? TokenHash { get; set; }

    /// <summary>True while <see cref="TokenHash"/> is token A: valid on versions and credentials only.</summary>
    public bool TokenIsInvitation { get; set; }

    /// <summary>Hash of a token we issued during a handshake we started; valid on versions and credentials only.</summary>
    public string? PendingTokenHash { get; set; }

    public string? VersionsUrl { get; set; }
    public string? Version { get; set; }
    public List<VersionEndpoint> Endpoints { get; set; } = [];
    public List<CredentialsRole> Roles { get; set; } = [];
    public string? HubPartyId { get; set; }
    public string? OutboundTokenFingerprint { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsRegistered => Status == PartnerStatus.Registered;

    public IEnumerable<PartyRef> Parties => Roles.Select(r => new PartyRef(r.CountryCode, r.PartyId));

    /// <summary>
    /// Parties that may appear in OCPI-from headers by its credentials: its roles, and a Hub itself (hub_party_id). The
    /// parties a Hub reports through ClientInfo are added per request from Hub.HubDirectory.
    /// </summary>
    public bool Represents(PartyRef party) =>
        Parties.Contains(party) ||
        (HubPartyId is { Length: 5 } hub && new PartyRef(hub[..2], hub[2..]).Equals(party));

    /// <summary>The party our requests are addressed to (OCPI-to): a Hub itself, else the partner's CPO party.</summary>
    public PartyRef? AddressedParty() =>
        HubPartyId is { Length: 5 } hub ? new(hub[..2], hub[2..])
        : (Roles.FirstOrDefault(r => r.Role == Role.CPO) ?? Roles.FirstOrDefault()) is { } cpo ? new(cpo.CountryCode, cpo.PartyId)
        : null;

    public VersionEndpoint? FindEndpoint(string moduleId, InterfaceRole role) =>
        Endpoints.FirstOrDefault(e => ModuleId.Matches(e.Identifier, moduleId) && e.Role == role)
        ?? (moduleId == ModuleId.Credentials
            ? Endpoints.FirstOrDefault(e => string.Equals(e.Identifier, moduleId, StringComparison.OrdinalIgnoreCase))
            : null);
}
