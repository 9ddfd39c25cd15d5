using System.Globalization;

namespace Ocpi.Protocol.Json;

/// <summary>
/// OCPI DateTime: RFC 3339 restricted to UTC, at most 25 characters (types.asciidoc).
/// We write <c>yyyy-MM-ddTHH:mm:ss[.fff]Z</c> and read the variants partners send.
/// </summary>
public static class OcpiDateTime
{
    public const int MaxLength = 25;

    private static readonly string[] UtcFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var truncated = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return truncated.Millisecond == 0
            ? truncated.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : truncated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Tolerant parse: the spec's own shapes (with or without <c>Z</c>, any fraction) and, because partners send them,
    /// explicit offsets, which are converted to UTC. Values without a designator are UTC.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        // More than 7 fraction digits is legal RFC 3339 but unknown to .NET formats; keep the first 7.
        text = TrimLongFraction(text);
        if (DateTimeOffset.TryParseExact(text, UtcFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            return true;
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"],
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }
        return false;
    }

    private static string TrimLongFraction(string text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0) return text;
        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return end - dot - 1 > 7 ? text[..(dot + 8)] + text[end..] : text;
    }
}
