using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// What real-time authorization needs of one token, kept small because every token is held: the OCPI Token object as
/// UTF-8 JSON (written into the answer as it is), validity, our policy and the stream version.
/// </summary>
public sealed class AuthorizableToken(string key, bool valid, TokenPolicy policy, long version, RawJson token)
{
    public string Key { get; } = key;
    public bool Valid { get; } = valid;
    public TokenPolicy Policy { get; } = policy;
    public long Version { get; } = version;
    public RawJson Token { get; } = token;

    public static AuthorizableToken Of(TokenView view) => new(view.Id, view.Valid,
        view.Policy == TokenPolicy.None ? TokenPolicy.None : view.Policy, view.Version,
        new RawJson(JsonSerializer.SerializeToUtf8Bytes(view.Token, OcpiJson.Options)));

    /// <summary>A string field of the token (uid, type, contract_id), read from its JSON.</summary>
    public string? Field(string name)
    {
        var reader = new Utf8JsonReader(Token.Utf8);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return null;
    }
}

/// <summary>JSON kept as UTF-8 bytes and written out unchanged.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(byte[] Utf8);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(JsonSerializer.SerializeToUtf8Bytes(document.RootElement));
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Utf8, skipInputValidation: true);
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
