namespace Ocpi.Protocol.Credentials;

/// <summary>Role (closed enum). HUB was removed in 2.3.0.</summary>
public enum Role
{
    CPO,
    EMSP,
    NAP,
    NSP,
    OTHER,
    SCSP,
}

/// <summary>The Credentials object: the token the other party must use to call us, our versions URL, our roles.</summary>
public sealed record Credentials(string Token, string Url, IReadOnlyList<CredentialsRole> Roles, string? HubPartyId = null);

public sealed record CredentialsRole(Role Role, BusinessDetails BusinessDetails, string PartyId, string CountryCode);

public sealed record BusinessDetails(string Name, string? Website = null, Image? Logo = null);

/// <summary>Image class (locations.asciidoc); category is an OpenEnum.</summary>
public sealed record Image(string Url, string Category, string Type, string? Thumbnail = null, int? Width = null, int? Height = null);
