using System.Security.Cryptography;
using System.Text;

namespace Ocpi.Emsp.Partners;

/// <summary>Generation and hashing of credentials tokens (the tokens of the Authorization header).</summary>
public static class CredentialsTokens
{
    /// <summary>256 random bits, Base64url: 43 characters within U+0021..U+007E.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 hex. Tokens are random and long, so an unsalted hash is safe to store and to index.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A short, non-reversible identifier of a token for logs and events.</summary>
    public static string Fingerprint(string token) => "sha256:" + Hash(token)[..12];

    public static string NewPartnerId() => "p-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
