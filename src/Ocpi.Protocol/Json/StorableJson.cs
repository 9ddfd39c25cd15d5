using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Ocpi.Protocol.Json;

/// <summary>
/// What a JSON parser accepts but a store cannot hold unchanged. System.Text.Json checks the UTF-8 of a string only when
/// the string is read (and then throws, or writes U+FFFD in its place when the value is copied into a JsonNode), and it
/// accepts every \uXXXX escape, an unpaired surrogate included; PostgreSQL's jsonb refuses \u0000 and unpaired
/// surrogates, and holds a number only within the range of its numeric type. One walk over a parsed document finds the
/// first such string, member name or number, so that a body is refused instead of failing later or being stored altered.
/// </summary>
public static class StorableJson
{
    /// <summary>
    /// A number may have at most this many digits before its decimal point and after it (exponent included): far beyond
    /// any OCPI value (a double has 309), well inside PostgreSQL's numeric (131072 before, 16383 after).
    /// </summary>
    public const int MaxNumberDigits = 1000;

    /// <summary>The first value that cannot be stored unchanged, or null when every value can.</summary>
    public static JsonTextProblem? FindProblem(JsonElement document) =>
        Walk(document) is { } found ? found with { Path = found.Path.Length == 0 ? "(body)" : found.Path } : null;

    private static JsonTextProblem? Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return StringProblem(JsonMarshal.GetRawUtf8Value(element), "");
            case JsonValueKind.Number:
                return NumberFits(JsonMarshal.GetRawUtf8Value(element)) ? null
                    : new JsonTextProblem("", $"number outside the range that can be stored (at most {MaxNumberDigits} digits before and after the decimal point)", false);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = JsonMarshal.GetRawUtf8PropertyName(property);
                    if (StringProblem(name, "a member name ") is { } badName)
                        return badName with { Message = $"{badName.Message} (member \"{Encoding.UTF8.GetString(name)}\")" };
                    if (Walk(property.Value) is { } inner) return inner with { Path = Join(property.Name, inner.Path) };
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item) is { } inner) return inner with { Path = Join($"[{index}]", inner.Path) };
                    index++;
                }
                return null;
            default:
                return null;
        }
    }

    private static string Join(string head, string tail) =>
        tail.Length == 0 ? head : tail[0] == '[' ? head + tail : $"{head}.{tail}";

    /// <summary>
    /// Checks a string as it stands in the JSON text: its bytes, and its escapes (already checked by the parser to be
    /// well-formed: a backslash is followed by one escape character, \u by four hex digits).
    /// </summary>
    private static JsonTextProblem? StringProblem(ReadOnlySpan<byte> raw, string what)
    {
        if (!Utf8.IsValid(raw)) return new JsonTextProblem("", $"{what}is not valid UTF-8", true);
        var pendingHigh = -1;
        var i = 0;
        while (raw[i..].IndexOf((byte)'\\') is var next and >= 0)
        {
            i += next;
            if (raw[i + 1] != 'u')
            {
                if (pendingHigh >= 0) return Unpaired(what, pendingHigh);
                i += 2;
                continue;
            }
            var unit = Hex4(raw.Slice(i + 2, 4));
            i += 6;
            if (pendingHigh >= 0)
            {
                if (!IsLowSurrogate(unit)) return Unpaired(what, pendingHigh);
                pendingHigh = -1;
                continue;
            }
            if (unit == 0) return new JsonTextProblem("", $"{what}contains a NUL character (\\u0000)", false);
            if (IsLowSurrogate(unit)) return Unpaired(what, unit);
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                // The low half must follow at once.
                if (i >= raw.Length || raw[i] != '\\') return Unpaired(what, unit);
                pendingHigh = unit;
            }
        }
        return pendingHigh >= 0 ? Unpaired(what, pendingHigh) : null;
    }

    private static bool IsLowSurrogate(int unit) => unit is >= 0xDC00 and <= 0xDFFF;

    private static JsonTextProblem Unpaired(string what, int unit) =>
        new("", $"{what}contains an unpaired surrogate escape (\\u{unit:X4}), which is not a Unicode character", false);

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex) value = value * 16 + (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        return value;
    }

    /// <summary>Digits before the decimal point (with the exponent) and after it stay within <see cref="MaxNumberDigits"/>.</summary>
    internal static bool NumberFits(ReadOnlySpan<byte> number)
    {
        var i = number.Length > 0 && number[0] == '-' ? 1 : 0;
        var integerStart = i;
        while (i < number.Length && char.IsAsciiDigit((char)number[i])) i++;
        var integerDigits = i - integerStart == 1 && number[integerStart] == '0' ? 0 : i - integerStart;
        var fractionDigits = 0;
        if (i < number.Length && number[i] == '.')
        {
            var fractionStart = ++i;
            while (i < number.Length && char.IsAsciiDigit((char)number[i])) i++;
            fractionDigits = i - fractionStart;
        }
        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == 'e')
        {
            i++;
            var negative = i < number.Length && number[i] == '-';
            if (i < number.Length && number[i] is (byte)'-' or (byte)'+') i++;
            for (; i < number.Length; i++) exponent = Math.Min(exponent * 10 + (number[i] - '0'), 10L * MaxNumberDigits);
            if (negative) exponent = -exponent;
        }
        return integerDigits + exponent <= MaxNumberDigits && fractionDigits - exponent <= MaxNumberDigits;
    }
}

/// <summary>A value that cannot be stored unchanged: where (a path like <c>evses[0].uid</c>), why, and whether it is bad UTF-8.</summary>
public sealed record JsonTextProblem(string Path, string Message, bool IsEncoding)
{
    public override string ToString() => $"{Path}: {Message}";
}
