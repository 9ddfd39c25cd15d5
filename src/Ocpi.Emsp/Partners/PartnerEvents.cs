using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Partners;

// The partner registry's facts. Public contracts for auditors: never reshape one silently.
// Tokens appear only as SHA-256 hashes (tokens partners present to us) or fingerprints (tokens we present to them).

/// <summary>We issued token A to a CPO that will register with us.</summary>
public sealed record PartnerInvited(string PartnerId, string TokenAHash, string? Label, DateTimeOffset InvitedAt);

/// <summary>A registration handshake completed (in either direction).</summary>
public sealed record PartnerRegistered(
    string PartnerId,
    RegistrationDirection Direction,
    string VersionsUrl,
    string Version,
    IReadOnlyList<VersionEndpoint> Endpoints,
    IReadOnlyList<CredentialsRole> Roles,
    string? HubPartyId,
    string TokenHash,
    string OutboundTokenFingerprint,
    DateTimeOffset RegisteredAt);

/// <summary>Credentials were updated (PUT): new tokens, possibly new endpoints, roles or version.</summary>
public sealed record PartnerCredentialsUpdated(
    string PartnerId,
    Initiator InitiatedBy,
    string VersionsUrl,
    string Version,
    IReadOnlyList<VersionEndpoint> Endpoints,
    IReadOnlyList<CredentialsRole> Roles,
    string? HubPartyId,
    string TokenHash,
    string OutboundTokenFingerprint,
    DateTimeOffset UpdatedAt);

/// <summary>The connection ended (DELETE on credentials, by them or by us).</summary>
public sealed record PartnerUnregistered(string PartnerId, Initiator InitiatedBy, DateTimeOffset UnregisteredAt);

/// <summary>We started registering with a partner; the partner may call us with token B while it handles our POST.</summary>
public sealed record RegistrationWithPartnerStarted(string PartnerId, string VersionsUrl, string TokenBHash, DateTimeOffset StartedAt);

/// <summary>A handshake we started (register or rotate) failed; the pending token is withdrawn.</summary>
public sealed record PartnerHandshakeFailed(string PartnerId, string Reason, DateTimeOffset FailedAt);

/// <summary>We started rotating our credentials with a registered partner; the pending token B' is accepted for the handshake.</summary>
public sealed record CredentialsRotationStarted(string PartnerId, string PendingTokenHash, DateTimeOffset StartedAt);

public enum RegistrationDirection
{
    /// <summary>The partner used our token A and POSTed its credentials to us.</summary>
    TheyRegisteredWithUs,
    /// <summary>We used their token A and POSTed our credentials to them.</summary>
    WeRegisteredWithThem,
}

public enum Initiator
{
    Partner,
    Us,
}
