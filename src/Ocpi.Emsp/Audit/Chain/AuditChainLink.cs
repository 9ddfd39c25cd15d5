using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

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
    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

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
        using var document = JsonDocument.Parse(json);
        var builder = new StringBuilder(json.Length);
        Write(builder, document.RootElement);
        return builder.ToString();
    }

    internal static void Write(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                // RFC 8785 §3.2.3: members sorted by their names as UTF-16 code units.
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    WriteString(builder, member.Name);
                    builder.Append(':');
                    Write(builder, member.Value);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem) builder.Append(',');
                    firstItem = false;
                    Write(builder, item);
                }
                builder.Append(']');
                break;
            case JsonValueKind.String: WriteString(builder, element.GetString()!); break;
            case JsonValueKind.Number: builder.Append(CanonicalNumber(element.GetRawText())); break;
            case JsonValueKind.True: builder.Append("true"); break;
            case JsonValueKind.False: builder.Append("false"); break;
            default: builder.Append("null"); break;
        }
    }

    /// <summary>RFC 8785 §3.2.2.2: only '"', '\' and control characters are escaped; everything else is written as is.</summary>
    internal static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        // Most strings need no escape at all: copied in one go.
        if (value.AsSpan().IndexOfAny(Escaped) < 0)
        {
            builder.Append(value).Append('"');
            return;
        }
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }

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
