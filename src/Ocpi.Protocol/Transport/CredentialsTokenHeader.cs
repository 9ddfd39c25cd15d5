using System.Text;

namespace Ocpi.Protocol.Transport;

/// <summary>
/// The <c>Authorization: Token ...</c> header of OCPI 2.2+: Base64 (RFC 4648 §4) of the token's UTF-8 bytes.
/// Older peers send the token as is; <see cref="Candidates"/> yields both readings so the server can match each against
/// its stored tokens instead of guessing which one was meant.
/// </summary>
public static class CredentialsTokenHeader
{
    private const string Scheme = "Token ";

    public static string Encode(string token) => Scheme + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));

    public static string EncodeRaw(string token) => Scheme + token;

    /// <summary>The tokens this header value may stand for: the Base64-decoded one (if it decodes to a legal token) and the raw one.</summary>
    public static IReadOnlyList<string> Candidates(string? headerValue)
    {
        if (string.IsNullOrEmpty(headerValue) || !headerValue.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return [];
        var presented = headerValue[Scheme.Length..].Trim();
        if (presented.Length == 0) return [];
        var candidates = new List<string>(2);
        if (TryDecode(presented, out var decoded)) candidates.Add(decoded);
        if (!candidates.Contains(presented, StringComparer.Ordinal)) candidates.Add(presented);
        return candidates;
    }

    private static bool TryDecode(string presented, out string decoded)
    {
        decoded = "";
        var buffer = new byte[presented.Length];
        if (!Convert.TryFromBase64String(presented, buffer, out var written)) return false;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return decoded.Length > 0 && decoded.All(c => c is >= '!' and <= '~');
    }
}
