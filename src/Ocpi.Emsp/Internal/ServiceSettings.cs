namespace Ocpi.Emsp.Internal;

/// <summary>Settings the service generates for itself and keeps in its database.</summary>
public sealed class ServiceSettings
{
    public const string SingletonId = "service";
    public string Id { get; set; } = SingletonId;

    /// <summary>The internal API key in plain text, as stored before keys were hashed; empty once migrated.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>SHA-256 of the internal API key (lower-case hex): the key itself is never stored.</summary>
    public string ApiKeyHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When <c>api-key rotate</c> last replaced the key; null while the first key is in use.</summary>
    public DateTimeOffset? RotatedAt { get; set; }
}
