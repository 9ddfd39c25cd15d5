using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tokens;

/// <summary>What real-time authorization needs of one token; the OCPI Token object is kept as compact JSON.</summary>
public sealed record AuthorizableToken(string Key, string Uid, string Type, string? ContractId, bool Valid, TokenPolicy Policy, long Version,
    JsonElement Token)
{
    public static AuthorizableToken Of(TokenView view) =>
        new(view.Id, view.Uid, view.Type, view.ContractId, view.Valid, view.Policy, view.Version, JsonSerializer.SerializeToElement(view.Token, OcpiJson.Options));
}

/// <summary>
/// Our tokens in memory, by stream key, so that authorizing one costs no database read. Kept current by
/// <see cref="TokenDirectorySync"/> (everything at start, then every change in the database) and, on the node that made
/// a change, at once by <see cref="TokenCommands"/>. An older version never replaces a newer one.
/// </summary>
public sealed class TokenDirectory
{
    private readonly ConcurrentDictionary<string, AuthorizableToken> _byKey = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public bool TryGet(string key, [NotNullWhen(true)] out AuthorizableToken? token) => _byKey.TryGetValue(key, out token);

    public bool Holds(string key, long version) => _byKey.TryGetValue(key, out var held) && held.Version >= version;

    public AuthorizableToken Remember(TokenView view)
    {
        var entry = AuthorizableToken.Of(view);
        return _byKey.AddOrUpdate(view.Id, entry, (_, held) => held.Version > entry.Version ? held : entry);
    }
}
