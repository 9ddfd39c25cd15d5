using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ocpi.Protocol.Json;

public sealed class OcpiDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && OcpiDateTime.TryParse(reader.GetString(), out var value))
            return value;
        throw new JsonException("Not an OCPI DateTime.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(OcpiDateTime.Format(value));
}
