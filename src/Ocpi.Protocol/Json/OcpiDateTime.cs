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
        if (TryParseUtcShape(text.AsSpan().Trim(), out value)) return true;
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

    /// <summary>
    /// The shape nearly every partner sends, <c>yyyy-MM-ddTHH:mm:ss[.f…]</c> with an optional <c>Z</c>, read without the
    /// general format parser (several times faster; it runs for every date of every push and replay). Anything else,
    /// including values this rejects, goes through the general formats above.
    /// </summary>
    private static bool TryParseUtcShape(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s.Slice(0, 4), out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day) ||
            !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second))
            return false;
        var position = 19;
        var fractionTicks = 0;
        if (position < s.Length && s[position] == '.')
        {
            var start = ++position;
            while (position < s.Length && char.IsAsciiDigit(s[position])) position++;
            var digits = position - start;
            if (digits is 0 or > 7 || !Digits(s.Slice(start, digits), out fractionTicks)) return false;
            for (var i = digits; i < 7; i++) fractionTicks *= 10;
        }
        if (position < s.Length && s[position] == 'Z') position++;
        if (position != s.Length) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(fractionTicks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
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
