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

/// <summary>ModuleID values (OpenEnum): the 2.3.0 core list plus invoicereconciliation and Booking.</summary>
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

    /// <summary>
    /// Bookings (optional module, branch 2.3.0/release/bookings): the chapter header writes the identifier <c>Booking</c>
    /// (capitalised, singular), the ModuleID table does not list it, and every URL of the chapter says <c>bookings</c>.
    /// We advertise <c>Booking</c>, serve it under <c>/bookings</c>, and accept a partner's entry under any casing of
    /// <c>Booking</c> or <c>bookings</c>.
    /// </summary>
    public const string Bookings = "Booking";

    /// <summary>Other identifiers partners use for a module (compared case-insensitively like every identifier).</summary>
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        [Bookings] = ["bookings"],
    };

    /// <summary>Whether a partner's version details identifier names <paramref name="moduleId"/>: case-insensitive, aliases included.</summary>
    public static bool Matches(string? identifier, string moduleId) =>
        identifier is not null &&
        (string.Equals(identifier, moduleId, StringComparison.OrdinalIgnoreCase) ||
         (Aliases.TryGetValue(moduleId, out var aliases) && aliases.Contains(identifier, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The URL segment we serve a module under: its identifier, except Bookings, whose chapter URLs say <c>bookings</c>.</summary>
    public static string UrlSegment(string moduleId) => moduleId == Bookings ? "bookings" : moduleId;

    /// <summary>Configuration modules: never routed, so OCPI-from/to headers do not apply.</summary>
    public static bool IsConfigurationModule(string moduleId) =>
        moduleId is Credentials or HubClientInfo || moduleId.Length == 0;
}
