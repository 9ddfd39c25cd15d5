using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Ocpi.Emsp.Partners;

/// <summary>Builds <see cref="Partner"/> from its stream, inline, so authentication sees a handshake the moment it commits.</summary>
public sealed class PartnerProjection : SingleStreamProjection<Partner, string>
{
    public Partner Create(IEvent<PartnerInvited> e) => new()
    {
        Id = e.StreamKey!,
        Status = PartnerStatus.Invited,
        Label = e.Data.Label,
        TokenHash = e.Data.TokenAHash,
        TokenIsInvitation = true,
        CreatedAt = e.Data.InvitedAt,
        UpdatedAt = e.Data.InvitedAt,
    };

    public Partner Create(IEvent<RegistrationWithPartnerStarted> e) => new()
    {
        Id = e.StreamKey!,
        Status = PartnerStatus.Registering,
        Direction = RegistrationDirection.WeRegisteredWithThem,
        VersionsUrl = e.Data.VersionsUrl,
        PendingTokenHash = e.Data.TokenBHash,
        CreatedAt = e.Data.StartedAt,
        UpdatedAt = e.Data.StartedAt,
    };

    public void Apply(PartnerRegistered e, Partner p)
    {
        p.Status = PartnerStatus.Registered;
        p.Direction = e.Direction;
        p.VersionsUrl = e.VersionsUrl;
        p.Version = e.Version;
        p.Endpoints = [.. e.Endpoints];
        p.Roles = [.. e.Roles];
        p.HubPartyId = e.HubPartyId;
        p.TokenHash = e.TokenHash;
        p.TokenIsInvitation = false;
        p.PendingTokenHash = null;
        p.OutboundTokenFingerprint = e.OutboundTokenFingerprint;
        p.LastError = null;
        p.RegisteredAt = e.RegisteredAt;
        p.UpdatedAt = e.RegisteredAt;
    }

    public void Apply(PartnerCredentialsUpdated e, Partner p)
    {
        p.VersionsUrl = e.VersionsUrl;
        p.Version = e.Version;
        p.Endpoints = [.. e.Endpoints];
        p.Roles = [.. e.Roles];
        p.HubPartyId = e.HubPartyId;
        p.TokenHash = e.TokenHash;
        p.PendingTokenHash = null;
        p.OutboundTokenFingerprint = e.OutboundTokenFingerprint;
        p.LastError = null;
        p.UpdatedAt = e.UpdatedAt;
    }

    public void Apply(CredentialsRotationStarted e, Partner p)
    {
        p.PendingTokenHash = e.PendingTokenHash;
        p.UpdatedAt = e.StartedAt;
    }

    public void Apply(PartnerHandshakeFailed e, Partner p)
    {
        p.PendingTokenHash = null;
        p.LastError = e.Reason;
        if (p.Status == PartnerStatus.Registering) p.Status = PartnerStatus.RegistrationFailed;
        p.UpdatedAt = e.FailedAt;
    }

    public void Apply(PartnerUnregistered e, Partner p)
    {
        p.Status = PartnerStatus.Unregistered;
        p.TokenHash = null;
        p.PendingTokenHash = null;
        p.TokenIsInvitation = false;
        p.UpdatedAt = e.UnregisteredAt;
    }
}
