using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// Writes RFC 8785 (JSON Canonicalization Scheme) text as UTF-8 into a buffer that is reused from one event to the next:
/// the sealer hashes what it wrote without building a string per event (it seals every event the store takes).
/// </summary>
internal sealed class CanonicalJsonWriter
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private readonly ArrayBufferWriter<byte> _buffer;
    // Members of the objects being written, innermost last: sorted in place, without a collection per object (allocated
    // with the first object: a writer for one string or one line's head needs none).
    private string[] _names = [];
    private JsonElement[] _values = [];
    private int _membersUsed;

    /// <param name="expectedBytes">About what will be written (the buffer grows beyond it): the sealer's writer lives for
    /// a whole round, the export's and the verifier's for one value.</param>
    public CanonicalJsonWriter(int expectedBytes = 4096) => _buffer = new ArrayBufferWriter<byte>(Math.Max(expectedBytes, 16));

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>What was written, as a string.</summary>
    public override string ToString() => Encoding.UTF8.GetString(_buffer.WrittenSpan);

    /// <summary>Text that needs no escaping (punctuation, numbers, a link's hex digits), as it is.</summary>
    public void Raw(string text) => Encode(text);

    public void Raw(char c)
    {
        _buffer.GetSpan(1)[0] = (byte)c;
        _buffer.Advance(1);
    }

    /// <summary>Already canonical JSON text (e.g. an export line's member), as it is.</summary>
    public void Canonical(string canonicalJson) => Encode(canonicalJson);

    /// <summary>One JSON text (e.g. jsonb as PostgreSQL prints it) in canonical form.</summary>
    public void Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        Json(document.RootElement);
    }

    public void Json(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object: Object(element); break;
            case JsonValueKind.Array:
                Raw('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) Raw(',');
                    first = false;
                    Json(item);
                }
                Raw(']');
                break;
            case JsonValueKind.String: String(element.GetString()!); break;
            case JsonValueKind.Number: Raw(AuditChainLink.CanonicalNumber(element.GetRawText())); break;
            case JsonValueKind.True: Raw("true"); break;
            case JsonValueKind.False: Raw("false"); break;
            default: Raw("null"); break;
        }
    }

    /// <summary>RFC 8785 §3.2.3: members sorted by their names as UTF-16 code units.</summary>
    private void Object(JsonElement element)
    {
        var start = _membersUsed;
        foreach (var member in element.EnumerateObject())
        {
            if (_membersUsed == _names.Length)
            {
                Array.Resize(ref _names, Math.Max(16, _names.Length * 2));
                Array.Resize(ref _values, Math.Max(16, _values.Length * 2));
            }
            _names[_membersUsed] = member.Name;
            _values[_membersUsed++] = member.Value;
        }
        var count = _membersUsed - start;
        Array.Sort(_names, _values, start, count, StringComparer.Ordinal);
        Raw('{');
        for (var i = start; i < start + count; i++)
        {
            if (i > start) Raw(',');
            String(_names[i]);
            Raw(':');
            Json(_values[i]);
        }
        Raw('}');
        Array.Clear(_names, start, count);
        _membersUsed = start;
    }

    /// <summary>RFC 8785 §3.2.2.2: only '"', '\' and control characters are escaped; everything else is written as is.</summary>
    public void String(string value)
    {
        Raw('"');
        var rest = value.AsSpan();
        while (true)
        {
            var escape = rest.IndexOfAny(Escaped);
            if (escape < 0)
            {
                Encode(rest);
                break;
            }
            Encode(rest[..escape]);
            Raw(rest[escape] switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                var c => $"\\u{(int)c:x4}",
            });
            rest = rest[(escape + 1)..];
        }
        Raw('"');
    }

    /// <summary>
    /// UTF-8 of the characters, an unpaired surrogate as U+FFFD (as <see cref="Encoding.UTF8"/> encodes a whole string:
    /// escapes never fall between the two halves of a pair).
    /// </summary>
    private void Encode(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty) return;
        var written = Encoding.UTF8.GetBytes(chars, _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length)));
        _buffer.Advance(written);
    }
}
