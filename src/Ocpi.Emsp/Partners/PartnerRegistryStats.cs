using Marten.Events.Projections;

namespace Ocpi.Emsp.Partners;

/// <summary>
/// Registry-wide counters for the operator dashboard, built asynchronously by the daemon across all partner streams.
/// </summary>
public sealed class PartnerRegistryStats
{
    public const string SingletonId = "partners";

    public string Id { get; set; } = SingletonId;
    public int Invitations { get; set; }
    public int Registrations { get; set; }
    public int CredentialsUpdates { get; set; }
    public int Unregistrations { get; set; }
    public int FailedHandshakes { get; set; }
    public int Connected => Registrations - Unregistrations;
}

public sealed class PartnerActivityProjection : MultiStreamProjection<PartnerRegistryStats, string>
{
    public PartnerActivityProjection()
    {
        Identity<PartnerInvited>(_ => PartnerRegistryStats.SingletonId);
        Identity<PartnerRegistered>(_ => PartnerRegistryStats.SingletonId);
        Identity<PartnerCredentialsUpdated>(_ => PartnerRegistryStats.SingletonId);
        Identity<PartnerUnregistered>(_ => PartnerRegistryStats.SingletonId);
        Identity<PartnerHandshakeFailed>(_ => PartnerRegistryStats.SingletonId);
    }

    public void Apply(PartnerRegistryStats s, PartnerInvited _) => s.Invitations++;
    public void Apply(PartnerRegistryStats s, PartnerRegistered _) => s.Registrations++;
    public void Apply(PartnerRegistryStats s, PartnerCredentialsUpdated _) => s.CredentialsUpdates++;
    public void Apply(PartnerRegistryStats s, PartnerUnregistered _) => s.Unregistrations++;
    public void Apply(PartnerRegistryStats s, PartnerHandshakeFailed _) => s.FailedHandshakes++;
}
