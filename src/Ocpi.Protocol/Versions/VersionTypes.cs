namespace Ocpi.Protocol.Versions;

/// <summary>InterfaceRole (closed enum): which side of a module an endpoint implements.</summary>
public enum InterfaceRole
{
    SENDER,
    RECEIVER,
}

/// <summary>One entry of the versions list.</summary>
public sealed record VersionInfo(string Version, string Url);

/// <summary>The version details: every module endpoint of one version.</summary>
public sealed record VersionDetails(string Version, IReadOnlyList<VersionEndpoint> Endpoints);

/// <summary>The Endpoint class of version details: identifier is a ModuleID (OpenEnum), role an InterfaceRole.</summary>
public sealed record VersionEndpoint(string Identifier, InterfaceRole Role, string Url);

/// <summary>VersionNumber values (OpenEnum).</summary>
public static class VersionNumber
{
    public const string V2_3_0 = "2.3.0";
}

/// <summary>ModuleID values (OpenEnum): the 2.3.0 core list plus invoicereconciliation.</summary>
public static class ModuleId
{
    public const string Cdrs = "cdrs";
    public const string ChargingProfiles = "chargingprofiles";
    public const string Commands = "commands";
    public const string Credentials = "credentials";
    public const string HubClientInfo = "hubclientinfo";
    public const string Locations = "locations";
    public const string Sessions = "sessions";
    public const string Tariffs = "tariffs";
    public const string Tokens = "tokens";
    public const string InvoiceReconciliation = "invoicereconciliation";

    /// <summary>Configuration modules: never routed, so OCPI-from/to headers do not apply.</summary>
    public static bool IsConfigurationModule(string moduleId) =>
        moduleId is Credentials or HubClientInfo || moduleId.Length == 0;
}
