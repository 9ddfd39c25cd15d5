using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Validation;

/// <summary>
/// Caps on what a partner can make us store: the size of one object as compact JSON (a Location with all its EVSEs, a
/// Session, a CDR, a Tariff), and the bytes of fields outside the spec's table in each JSON object of it (a Location,
/// each EVSE, each Connector, each nested class). OCPI forbids refusing unknown fields, not bounding them; without a
/// bound, repeated PATCHes grew one Location to tens of MB, and every later change to it was read and written whole.
/// </summary>
public sealed record ObjectLimits(int MaxObjectBytes, int MaxUnknownFieldBytes)
{
    public const int DefaultMaxObjectBytes = 1024 * 1024;
    public const int DefaultMaxUnknownFieldBytes = 64 * 1024;

    public static ObjectLimits Default { get; } = new(DefaultMaxObjectBytes, DefaultMaxUnknownFieldBytes);

    /// <summary>Checks <paramref name="document"/>, an object of <paramref name="schema"/>; violations name the path and the cap.</summary>
    public ValidationResult Check(ObjectSchema schema, JsonElement document)
    {
        var result = new ValidationResult();
        if (document.ValueKind != JsonValueKind.Object) return result;
        var size = CompactSize(document);
        if (size > MaxObjectBytes)
            result.Add("(body)", $"the {schema.Name} would take {size} bytes, more than the cap of {MaxObjectBytes} bytes per object");
        else if (UnknownOverCap(schema, document))
            CheckUnknown(schema, document, "", result);
        return result;
    }

    /// <summary>The same walk as <see cref="CheckUnknown"/> without building paths: most objects are within the caps.</summary>
    private bool UnknownOverCap(ObjectSchema schema, JsonElement value)
    {
        long unknown = 0;
        foreach (var property in value.EnumerateObject())
        {
            var field = schema.Field(property.Name);
            if (field is null)
                unknown += JsonMarshal.GetRawUtf8PropertyName(property).Length + 3 + JsonMarshal.GetRawUtf8Value(property.Value).Length;
            else if (field.Type is ObjectSchema child)
            {
                if (property.Value.ValueKind == JsonValueKind.Object && UnknownOverCap(child, property.Value)) return true;
                if (property.Value.ValueKind == JsonValueKind.Array)
                    foreach (var item in property.Value.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.Object && UnknownOverCap(child, item)) return true;
            }
        }
        return unknown > MaxUnknownFieldBytes;
    }

    private void CheckUnknown(ObjectSchema schema, JsonElement value, string path, ValidationResult result)
    {
        long unknown = 0;
        foreach (var property in value.EnumerateObject())
        {
            var field = schema.Field(property.Name);
            if (field is null)
            {
                // "name": value, as written.
                unknown += JsonMarshal.GetRawUtf8PropertyName(property).Length + 3 + JsonMarshal.GetRawUtf8Value(property.Value).Length;
                continue;
            }
            if (field.Type is not ObjectSchema child) continue;
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (property.Value.ValueKind == JsonValueKind.Object) CheckUnknown(child, property.Value, fieldPath, result);
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object) CheckUnknown(child, item, $"{fieldPath}[{index}]", result);
                    index++;
                }
            }
        }
        if (unknown > MaxUnknownFieldBytes)
            result.Add(path.Length == 0 ? "(body)" : path,
                $"fields outside the {schema.Name} table take {unknown} bytes, more than the cap of {MaxUnknownFieldBytes} bytes of unknown fields per object");
    }

    /// <summary>Its size as compact JSON; measured by writing it only when its text as received could be over the cap.</summary>
    private long CompactSize(JsonElement document)
    {
        var raw = JsonMarshal.GetRawUtf8Value(document).Length;
        // Escaping can at most triple a character (a 2-byte UTF-8 character as \uXXXX); under a quarter of the cap it fits.
        if (raw <= MaxObjectBytes / 4) return raw;
        var buffer = new ArrayBufferWriter<byte>(raw);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OcpiJson.Options.Encoder, SkipValidation = true }))
            document.WriteTo(writer);
        return buffer.WrittenCount;
    }
}
