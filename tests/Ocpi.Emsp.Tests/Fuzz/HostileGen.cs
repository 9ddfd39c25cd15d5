using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Ocpi.Emsp.Tests.Fuzz;

/// <summary>
/// Generators of hostile request bodies, ids and query values: a valid body of the endpoint, mutated where parsers and
/// stores are weak (bad UTF-8, escapes that are not characters, NUL, control characters, deep nesting, numbers beyond any
/// range, long strings, wrong types, duplicate members, broken syntax). Sampled with a fixed seed, so a run is repeatable.
/// </summary>
public static class HostileGen
{
    public const ulong Seed = 20261207;

    /// <summary>
    /// The seed of one endpoint's sample, the same in every run (string.GetHashCode is randomised per process, which would
    /// make a failing sample impossible to replay). FNV-1a over the name; HOSTILE_SEED shifts every sample, to explore.
    /// </summary>
    public static ulong SeedFor(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        var shift = ulong.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), out var s) ? s : 0;
        return Seed + hash % 1000 + shift * 1000;
    }

    /// <summary>Count values, each from a seed of its own (one seed for all gives FsCheck's sampler few distinct values).</summary>
    public static T[] Sample<T>(Gen<T> gen, int count, ulong seed = Seed) =>
        Enumerable.Range(0, count).Select(i => gen.Sample(30, new Rnd(seed * 7919 + (ulong)i), 1)[0]).ToArray();

    private static readonly byte[][] BadBytes =
        [[0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xC3]];

    private static readonly string[] Escapes =
    [
        @"\ud800", @"\udfff", @"\ud83d\ude00", @"\u0000", @"\u001f", @"\ud83d", @"\ud83dx", @"\\ud800", @"\u00e9", "\\\"", @"\/",
        @"\ud83d\ud83d", @"\udc00\ud800", @"\uFFFF", @"\u2028",
    ];

    private static readonly string[] Texts = ["é", "漢字", "😀", "\u202Eevil", "a b", "%00", "../..", "<script>", "' OR 1=1 --", "\t"];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1e999999", "1e-400", "-1.5e308", "1.7976931348623157e309", "123456789012345678901234567890", "0.0000001", "1E+2",
        "-1e-20000", "1.0e1000", new('9', 2000), "0." + new string('1', 1200), "1e-1000", "5e-324",
    ];

    /// <summary>Bytes to put inside a JSON string (between its quotes).</summary>
    public static Gen<byte[]> StringContent { get; } = Gen.OneOf(
        Gen.Elements(BadBytes),
        Gen.Elements(Escapes).Select(Encoding.ASCII.GetBytes),
        Gen.Elements(Texts).Select(Encoding.UTF8.GetBytes),
        Gen.Choose(1, 20000).Select(n => Encoding.ASCII.GetBytes(new string('x', n))),
        Gen.Choose(1, 31).Select(c => new[] { (byte)c }));

    /// <summary>A whole JSON value (or something that only looks like one).</summary>
    public static Gen<byte[]> Value { get; } = Gen.OneOf(
        StringContent.Select(c => (byte[])[(byte)'"', .. c, (byte)'"']),
        Gen.Elements(Numbers).Select(Encoding.ASCII.GetBytes),
        Gen.Choose(1, 60).Select(d => Encoding.ASCII.GetBytes(new string('[', d) + new string(']', d))),
        Gen.Choose(1, 60).Select(d => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", d)) + "1" + new string('}', d))),
        Gen.Choose(1, 50000).Select(n => Encoding.ASCII.GetBytes("[" + string.Join(",", Enumerable.Repeat("1", n)) + "]")),
        Gen.Elements("null", "true", "{}", "[]", "\"\"", "[null]", "{\"\":1}").Select(Encoding.ASCII.GetBytes));

    /// <summary>A mutation of <paramref name="body"/> (a compact JSON text).</summary>
    public static Gen<byte[]> Mutated(byte[] body)
    {
        var strings = Tokens(body, JsonTokenType.String);
        var names = Tokens(body, JsonTokenType.PropertyName);
        var values = Tokens(body, JsonTokenType.Number).Concat(strings.Select(s => (s.Start - 1, s.Length + 2))).ToList();
        return Gen.Frequency(
            (4, from i in Gen.Choose(0, strings.Count - 1) from c in StringContent select Splice(body, strings[i], c)),
            (2, from i in Gen.Choose(0, names.Count - 1) from c in StringContent select Splice(body, names[i], c)),
            (3, from name in StringContent from v in Value select (byte[])[(byte)'{', (byte)'"', .. name, .. "\":"u8, .. v, (byte)',', .. body[1..]]),
            (2, from i in Gen.Choose(0, values.Count - 1) from v in Value select Splice(body, values[i], v)),
            (1, from i in Gen.Choose(0, names.Count - 1) select (byte[])[(byte)'{', (byte)'"', .. body.AsSpan(names[i].Start, names[i].Length), .. "\":1,"u8, .. body[1..]]),
            (2, from n in Gen.Choose(1, 8) from seed in Gen.Choose(0, int.MaxValue) select Flip(body, n, seed)),
            (1, from at in Gen.Choose(0, body.Length - 1) select body[..at]),
            (1, Gen.Elements("", " ", "null", "[]", "\"x\"", "{", "\uFEFF{}", "{}{}", "{\"a\":1}  x").Select(Encoding.UTF8.GetBytes)),
            (2, Gen.Constant(body)));
    }

    /// <summary>
    /// Odd ids for a URL segment, percent-encoded as a client would send them. Not %00: Kestrel refuses such a request
    /// line itself (HTTP 400) before the application sees it, and the in-memory test server cannot send it.
    /// </summary>
    public static Gen<string> OddId { get; } = Gen.Elements(
        "%FF", "%C0%AF", "%ED%A0%80", "a%2Fb", "%2E%2E", "a%20b", "%25", new string('A', 37), new string('A', 300), "%F0%9F%98%80",
        "%E2%80%AE", "a%0Ab", "'", "%22", "a%5Cb", "LOC1", "%7E", "%3F");

    /// <summary>Odd values for query parameters (type, offset, limit, date_from, date_to).</summary>
    public static Gen<string> OddQueryValue { get; } = Gen.Elements(
        "%00", "%FF", "-1", "abc", "99999999999999999999", "1e3", "", "2019-13-45T99:99:99Z", "2019-06-23T08:16:02", "%ED%A0%80",
        new string('9', 400), "RFID", "APP_USER", "0", "%0A", "%20");

    private static byte[] Splice(byte[] body, (int Start, int Length) at, byte[] with) =>
        [.. body.AsSpan(0, at.Start), .. with, .. body.AsSpan(at.Start + at.Length)];

    private static byte[] Flip(byte[] body, int count, int seed)
    {
        var random = new System.Random(seed);
        var copy = body.ToArray();
        for (var i = 0; i < count; i++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    /// <summary>Where each token of a type stands (for strings and names: their content, between the quotes).</summary>
    private static List<(int Start, int Length)> Tokens(byte[] body, JsonTokenType type)
    {
        var found = new List<(int, int)>();
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType != type) continue;
            var quoted = type is JsonTokenType.String or JsonTokenType.PropertyName ? 1 : 0;
            found.Add(((int)reader.TokenStartIndex + quoted, reader.ValueSpan.Length));
        }
        return found.Count > 0 ? found : [(1, 0)];
    }
}
