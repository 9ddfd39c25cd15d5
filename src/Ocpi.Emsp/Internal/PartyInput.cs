using System.Text.Json;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Internal;

/// <summary>A party named in an internal request body: {"country_code": "NL", "party_id": "TNM"}, upper-cased as stored.</summary>
public static class PartyInput
{
    /// <summary>Reads <paramref name="field"/> of <paramref name="body"/>; each problem is reported through <paramref name="fail"/>.</summary>
    public static PartyRef? Read(JsonElement body, string field, Action<string, string> fail)
    {
        if (!body.TryGetProperty(field, out var party) || party.ValueKind != JsonValueKind.Object)
        {
            fail(field, "required: {\"country_code\": \"..\", \"party_id\": \"...\"}");
            return null;
        }
        var country = party.TryGetProperty("country_code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        var id = party.TryGetProperty("party_id", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
        if (country.Length != 2 || !country.All(char.IsAsciiLetterOrDigit)) fail($"{field}.country_code", "must be 2 letters or digits (CiString(2))");
        if (id.Length is 0 or > 3 || !id.All(char.IsAsciiLetterOrDigit)) fail($"{field}.party_id", "must be 1 to 3 letters or digits (CiString(3))");
        return new PartyRef(country.ToUpperInvariant(), id.ToUpperInvariant());
    }
}
