using System.Text.Json;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>
/// Writes one stored event as the audit shows it: <c>seq, stream, version, type, timestamp, metadata, data, link</c>,
/// in that order; metadata <c>partner, ocpi_from, request_id, correlation_id, causation_id, received_at, source</c>
/// first (each only when known), then any other header.
/// </summary>
public static class EventLineRenderer
{
    private static readonly string[] LeadingHeaders =
        [EventMetadata.PartnerHeader, EventMetadata.OcpiFromHeader, EventMetadata.RequestIdHeader];
    private static readonly string[] TrailingHeaders = [EventMetadata.ReceivedAtHeader, EventMetadata.SourceHeader];

    public static void Write(Utf8JsonWriter writer, in StoredEvent e)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", e.Seq);
        writer.WriteString("stream", e.Stream);
        writer.WriteNumber("version", e.Version);
        writer.WriteString("type", e.Type);
        writer.WriteString("timestamp", OcpiDateTime.Format(e.Timestamp));
        writer.WritePropertyName("metadata");
        WriteMetadata(writer, e);
        writer.WritePropertyName("data");
        writer.WriteRawValue(e.Data, skipInputValidation: true);
        if (e.Link is null) writer.WriteNull("link");
        else writer.WriteString("link", e.Link);
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, in StoredEvent e)
    {
        writer.WriteStartObject();
        using var headers = e.Headers is null ? null : JsonDocument.Parse(e.Headers);
        var root = headers?.RootElement;
        var hasHeaders = root is { ValueKind: JsonValueKind.Object };
        foreach (var name in LeadingHeaders)
            if (hasHeaders && root!.Value.TryGetProperty(name, out var value)) Copy(writer, name, value);
        if (e.CorrelationId is not null) writer.WriteString("correlation_id", e.CorrelationId);
        if (e.CausationId is not null) writer.WriteString("causation_id", e.CausationId);
        foreach (var name in TrailingHeaders)
            if (hasHeaders && root!.Value.TryGetProperty(name, out var value)) Copy(writer, name, value);
        if (hasHeaders)
            foreach (var header in root!.Value.EnumerateObject())
                if (!LeadingHeaders.Contains(header.Name) && !TrailingHeaders.Contains(header.Name)
                    && header.Name is not ("correlation_id" or "causation_id"))
                    Copy(writer, header.Name, header.Value);
        writer.WriteEndObject();
    }

    private static void Copy(Utf8JsonWriter writer, string name, JsonElement value)
    {
        writer.WritePropertyName(name);
        value.WriteTo(writer);
    }
}
