using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator;

public sealed class CpoSimulatorOptions
{
    public PartyRef Party { get; set; } = new("DE", "CPX");
    public string Name { get; set; } = "Simulated CPO";

    /// <summary>The versions the simulator offers (set to ["2.2.1"] to provoke "no mutual version").</summary>
    public string[] Versions { get; set; } = [VersionNumber.V2_3_0];

    /// <summary>The modules of its 2.3.0 version details, besides credentials.</summary>
    public List<(string Module, InterfaceRole Role)> Modules { get; set; } =
    [
        (ModuleId.Locations, InterfaceRole.SENDER), (ModuleId.Sessions, InterfaceRole.SENDER),
        (ModuleId.Cdrs, InterfaceRole.SENDER), (ModuleId.Tariffs, InterfaceRole.SENDER),
        (ModuleId.Tokens, InterfaceRole.RECEIVER), (ModuleId.Commands, InterfaceRole.RECEIVER),
        (ModuleId.ChargingProfiles, InterfaceRole.RECEIVER),
    ];

    /// <summary>Additional parties served by this platform (e.g. a Hub's reachable parties).</summary>
    public List<PartyRef> ExtraParties { get; set; } = [];

    /// <summary>Set for a platform acting as a Hub (2.3.0 hub_party_id).</summary>
    public string? HubPartyId { get; set; }

    /// <summary>The largest page of its SENDER lists (X-Limit); a larger limit asked for is capped to it.</summary>
    public int SenderMaxLimit { get; set; } = 50;

    /// <summary>Where Kestrel listens (default: loopback, a free port).</summary>
    public string ListenUrl { get; set; } = "http://127.0.0.1:0";

    /// <summary>The base URL the eMSP reaches us at, when it differs from the address Kestrel listens on (proxy, container).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Send the raw token instead of Base64 in Authorization headers (a pre-2.2 peer).</summary>
    public bool SendRawToken { get; set; }
}
