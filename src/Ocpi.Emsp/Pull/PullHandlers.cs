using Ocpi.Emsp.Partners;
using Wolverine.Attributes;

namespace Ocpi.Emsp.Pull;

/// <summary>Pull these SENDER lists of one partner (all modules it offers when none are named).</summary>
public sealed record PullPartner(string PartnerId, string[] Modules)
{
    public static PullPartner Everything(string partnerId) => new(partnerId, [.. PullModules.Names]);
}

/// <summary>
/// Runs a pull on the durable local queue: a node that stops mid-run leaves the message in the inbox, and the run
/// resumes from the cursor's next page when it is handled again.
/// </summary>
public static class PullPartnerHandler
{
    /// <summary>A first sync of a large CPO may take long; each page is stored as it comes, so a cut-off run loses nothing.</summary>
    [MessageTimeout(6 * 3600)]
    public static Task Handle(PullPartner message, PartnerPuller puller, CancellationToken ct) =>
        puller.PullAsync(message.PartnerId, message.Modules.Length == 0 ? PullModules.Names : message.Modules, ct);
}

/// <summary>Whether a partner offers anything to pull.</summary>
public static class PullablePartner
{
    public static bool HasSenders(Partner partner) => partner.IsRegistered && PullModules.All.Any(m => m.SenderOf(partner) is not null);
}
