using System.Security.Cryptography;
using System.Text;

namespace Ocpi.Emsp.Internal;

/// <summary>
/// SHA-256 of an API key. Generated keys carry 256 random bits, so a plain (unsalted, fast) hash is enough to make a
/// stolen database copy useless as a key; comparing two hashes of equal length in constant time leaks nothing.
/// </summary>
public static class ApiKeyHash
{
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string Hex(string key) => Convert.ToHexStringLower(Of(key));

    public static bool Matches(byte[] presentedHash, byte[] expectedHash) =>
        expectedHash.Length > 0 && CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
}
