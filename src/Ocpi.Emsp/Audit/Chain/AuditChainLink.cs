using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// The tamper-evidence chain over the event store, in sequence order:
/// <c>link(e) = lowercase_hex(SHA-256(UTF-8(link(previous sealed event) + canonical text of e)))</c>, where the
/// previous link is its 64 lower-case hex digits (the empty string before the first event of the chain), and the
/// canonical text of an event is the RFC 8785 (JSON Canonicalization Scheme) form of the array
/// <c>[seq, stream, version, type, timestamp, metadata, data]</c> built from the members of its audit export line
/// (<see cref="AuditEventLine"/>). RFC 8785 is chosen because an auditor finds it ready-made in every language and the
/// database's jsonb (which reorders keys and reformats numbers) maps to it deterministically.
/// </summary>
public static class AuditChainLink
{
    /// <summary>The link of an event whose canonical text is <paramref name="canonicalText"/>, after <paramref name="previousLinkHex"/>.</summary>
    public static string Next(string? previousLinkHex, string canonicalText)
    {
        if (previousLinkHex is not null && (previousLinkHex.Length != SHA256.HashSizeInBytes * 2 || !IsLowerHex(previousLinkHex)))
            throw new ArgumentException("A link is 64 lower-case hex digits.", nameof(previousLinkHex));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((previousLinkHex ?? "") + canonicalText)));
    }

    private static bool IsLowerHex(string text) => text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>RFC 8785 canonical form of one JSON text (e.g. jsonb as PostgreSQL prints it).</summary>
    public static string Canonical(string json)
    {
        var writer = new CanonicalJsonWriter(json.Length);
        writer.Json(json);
        return writer.ToString();
    }

    /// <summary>
    /// The link over what <paramref name="writer"/> holds: the previous link's hex digits (none before the first event)
    /// followed by the event's canonical text, as <see cref="Next"/> hashes them.
    /// </summary>
    internal static string Hash(CanonicalJsonWriter writer) => Convert.ToHexStringLower(SHA256.HashData(writer.Written));

    /// <summary>
    /// A stored number in canonical form. PostgreSQL's numeric holds numbers beyond a double's range (1e400 is valid JSON
    /// and valid jsonb); RFC 8785 has no form for them, so they keep the text PostgreSQL gives, rather than stopping the
    /// chain at an event a partner was allowed to send.
    /// </summary>
    public static string CanonicalNumber(string text)
    {
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? Number(value) : text;
    }

    /// <summary>
    /// RFC 8785 §3.2.2.3: a number as an IEEE 754 double printed the way ECMAScript's Number.prototype.toString prints
    /// it (shortest round-trip digits; exponent form below 1e-6 and from 1e21).
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException("JSON has no NaN or infinity.", nameof(value));
        if (value == 0) return "0";
        var negative = value < 0;
        // .NET prints the shortest round-trip digits: "123.45", "1E-07", "1.2345678901234568E+20".
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        var digits = mantissa.Replace(".", "");
        // value = 0.digits × 10^n with digits free of leading and trailing zeros (ECMAScript's k digits and n).
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var n = integerDigits - leading + exponent;
        var k = digits.Length;

        var text = new StringBuilder(negative ? "-" : "");
        if (k <= n && n <= 21) text.Append(digits).Append('0', n - k);
        else if (0 < n && n <= 21) text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        else if (-6 < n && n <= 0) text.Append("0.").Append('0', -n).Append(digits);
        else
        {
            var e = n - 1;
            text.Append(digits[0]);
            if (k > 1) text.Append('.').Append(digits, 1, k - 1);
            text.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
