using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// One event as the audit export writes it and as the chain hashes it: the same members, rendered by this one type, so
/// that the export and the chain cannot disagree. <see cref="Metadata"/> and <see cref="Data"/> are already in RFC 8785
/// canonical form (see <see cref="AuditChainLink"/>), so an export line carries them exactly as they are hashed.
/// </summary>
public sealed record AuditEventLine(long Seq, string Stream, long Version, string Type, string Timestamp, string Metadata, string Data)
{
    /// <summary>
    /// The columns <see cref="From"/> reads, in this order, from <c>mt_events</c>: select them as
    /// <c>select {Columns} from emsp.mt_events ...</c>.
    /// </summary>
    public const string Columns = "seq_id, stream_id, version, type, timestamp, correlation_id, causation_id, headers, data";

    public const string CorrelationIdMember = "correlation_id";
    public const string CausationIdMember = "causation_id";

    /// <summary>
    /// The timestamp with every digit mt_events holds (PostgreSQL keeps microseconds): RFC 3339, UTC, always six
    /// fraction digits. It is longer than an OCPI DateTime (25 characters) on purpose: truncating it would leave part of
    /// the stored value outside the chain.
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads the current row of a reader over <see cref="Columns"/>.</summary>
    public static AuditEventLine From(NpgsqlDataReader row) => From(
        row.GetInt64(0), row.GetString(1), row.GetInt64(2), row.GetString(3), row.GetFieldValue<DateTimeOffset>(4),
        row.IsDBNull(5) ? null : row.GetString(5), row.IsDBNull(6) ? null : row.GetString(6),
        row.IsDBNull(7) ? null : row.GetString(7), row.IsDBNull(8) ? "null" : row.GetString(8));

    /// <summary>
    /// From the stored values. <c>metadata</c> is the object of the event's headers plus <c>correlation_id</c> and
    /// <c>causation_id</c> (Marten's own columns; they win over a header of the same name), members absent when null.
    /// </summary>
    public static AuditEventLine From(long seq, string stream, long version, string type, DateTimeOffset timestamp,
        string? correlationId, string? causationId, string? headersJson, string dataJson)
    {
        var members = new SortedDictionary<string, Action<StringBuilder>>(StringComparer.Ordinal);
        using var headers = headersJson is null ? null : JsonDocument.Parse(headersJson);
        if (headers is { RootElement.ValueKind: JsonValueKind.Object })
            foreach (var header in headers.RootElement.EnumerateObject())
            {
                var value = header.Value;
                members[header.Name] = b => AuditChainLink.Write(b, value);
            }
        if (correlationId is not null) members[CorrelationIdMember] = b => AuditChainLink.WriteString(b, correlationId);
        if (causationId is not null) members[CausationIdMember] = b => AuditChainLink.WriteString(b, causationId);

        var metadata = new StringBuilder("{");
        foreach (var (name, write) in members)
        {
            if (metadata.Length > 1) metadata.Append(',');
            AuditChainLink.WriteString(metadata, name);
            metadata.Append(':');
            write(metadata);
        }
        metadata.Append('}');
        return new AuditEventLine(seq, stream, version, type, FormatTimestamp(timestamp), metadata.ToString(), AuditChainLink.Canonical(dataJson));
    }

    /// <summary>The text the link hashes: <c>[seq,stream,version,type,timestamp,metadata,data]</c> in RFC 8785 form.</summary>
    public string CanonicalText()
    {
        var text = new StringBuilder(Metadata.Length + Data.Length + Stream.Length + 96);
        text.Append('[').Append(AuditChainLink.Number(Seq)).Append(',');
        AuditChainLink.WriteString(text, Stream);
        text.Append(',').Append(AuditChainLink.Number(Version)).Append(',');
        AuditChainLink.WriteString(text, Type);
        text.Append(',');
        AuditChainLink.WriteString(text, Timestamp);
        text.Append(',').Append(Metadata).Append(',').Append(Data).Append(']');
        return text.ToString();
    }

    /// <summary>This event's link after <paramref name="previousLink"/> (null before the first event of the chain).</summary>
    public string Link(string? previousLink) => AuditChainLink.Next(previousLink, CanonicalText());

    /// <summary>
    /// Writes the export line object: <c>seq, stream, version, type, timestamp, metadata, data, link</c> in that order;
    /// <paramref name="link"/> is the stored link of this seq, null when the event is not sealed yet. Every member but
    /// <c>link</c> is written in its canonical form, so the raw text of the seven members, joined by commas inside
    /// brackets, is the canonical text itself.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer, string? link)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", Seq);
        writer.WritePropertyName("stream");
        writer.WriteRawValue(CanonicalString(Stream), skipInputValidation: true);
        writer.WriteNumber("version", Version);
        writer.WritePropertyName("type");
        writer.WriteRawValue(CanonicalString(Type), skipInputValidation: true);
        writer.WritePropertyName("timestamp");
        writer.WriteRawValue(CanonicalString(Timestamp), skipInputValidation: true);
        writer.WritePropertyName("metadata");
        writer.WriteRawValue(Metadata, skipInputValidation: true);
        writer.WritePropertyName("data");
        writer.WriteRawValue(Data, skipInputValidation: true);
        if (link is null) writer.WriteNull("link");
        else writer.WriteString("link", link);
        writer.WriteEndObject();
    }

    private static string CanonicalString(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        AuditChainLink.WriteString(text, value);
        return text.ToString();
    }

    /// <summary>One NDJSON line (without its newline) for <see cref="WriteTo"/>.</summary>
    public string ToJsonLine(string? link)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteTo(writer, link);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
