namespace Ocpi.Emsp.Partners;

/// <summary>
/// The credentials token we present to a partner. Kept out of the event log on purpose: events are immutable and
/// replayed for auditors, a secret must be replaceable and erasable. Events carry only its fingerprint.
/// </summary>
public sealed class PartnerSecret
{
    public string Id { get; set; } = "";
    public string OutboundToken { get; set; } = "";
}
