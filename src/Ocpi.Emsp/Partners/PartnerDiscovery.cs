using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Partners;

/// <summary>What we learned from a partner's versions and 2.3.0 version details.</summary>
public sealed record DiscoveredPartner(string VersionsUrl, string Version, string VersionDetailsUrl, IReadOnlyList<VersionEndpoint> Endpoints)
{
    public VersionEndpoint? Find(string moduleId, InterfaceRole? role = null) => Endpoints.FirstOrDefault(e =>
        ModuleId.Matches(e.Identifier, moduleId) && (role is null || e.Role == role));
}

/// <summary>A handshake step failed with the OCPI status the spec prescribes for it (3001, 3002, 3003).</summary>
public sealed class HandshakeException(int ocpiStatus, string message) : Exception(message)
{
    public int OcpiStatus { get; } = ocpiStatus;
}

/// <summary>Fetches a partner's versions and 2.3.0 details with the token it gave us (steps 2-3 and 5 of the handshake).</summary>
public sealed class PartnerDiscovery(OcpiClient client)
{
    /// <summary>Modules a CPO may offer that we use; a partner offering none of them is of no use to us (3003).</summary>
    private static readonly (string Module, InterfaceRole Role)[] UsefulModules =
    [
        (ModuleId.Locations, InterfaceRole.SENDER), (ModuleId.Sessions, InterfaceRole.SENDER),
        (ModuleId.Cdrs, InterfaceRole.SENDER), (ModuleId.Tariffs, InterfaceRole.SENDER),
        (ModuleId.Tokens, InterfaceRole.RECEIVER), (ModuleId.Commands, InterfaceRole.RECEIVER),
        (ModuleId.ChargingProfiles, InterfaceRole.RECEIVER), (ModuleId.Bookings, InterfaceRole.SENDER),
    ];

    public async Task<DiscoveredPartner> DiscoverAsync(string versionsUrl, string token, CancellationToken ct)
    {
        List<VersionInfo> versions;
        try
        {
            versions = await client.GetAsync<List<VersionInfo>>(versionsUrl, token, ct);
        }
        catch (PartnerCallException e)
        {
            throw new HandshakeException(OcpiStatusCode.UnableToUseClientApi, $"Could not read the versions at {versionsUrl}: {e.Message}");
        }
        var ours = versions.FirstOrDefault(v => v?.Version == VersionNumber.V2_3_0 && !string.IsNullOrEmpty(v.Url))
            ?? throw new HandshakeException(OcpiStatusCode.UnsupportedVersion,
                $"No mutually supported version: {versionsUrl} offers {string.Join(", ", versions.Where(v => v is not null).Select(v => v.Version))}; we speak {VersionNumber.V2_3_0}");

        VersionDetails details;
        try
        {
            details = await client.GetAsync<VersionDetails>(ours.Url, token, ct);
        }
        catch (PartnerCallException e)
        {
            throw new HandshakeException(OcpiStatusCode.UnableToUseClientApi, $"Could not read the version details at {ours.Url}: {e.Message}");
        }
        var endpoints = (details.Endpoints ?? []).Where(e => e is not null && !string.IsNullOrEmpty(e.Identifier) && !string.IsNullOrEmpty(e.Url)).ToList();
        var discovered = new DiscoveredPartner(versionsUrl, VersionNumber.V2_3_0, ours.Url, endpoints);

        if (discovered.Find(ModuleId.Credentials) is null)
            throw new HandshakeException(OcpiStatusCode.NoMatchingEndpoints, $"{ours.Url} lists no credentials endpoint");
        if (!UsefulModules.Any(m => discovered.Find(m.Module, m.Role) is not null))
            throw new HandshakeException(OcpiStatusCode.NoMatchingEndpoints,
                $"{ours.Url} offers none of the modules an eMSP uses ({string.Join(", ", UsefulModules.Select(m => $"{m.Module} {m.Role}"))})");
        return discovered;
    }
}
