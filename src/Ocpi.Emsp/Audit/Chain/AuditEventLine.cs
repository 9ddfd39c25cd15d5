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
        var writer = new CanonicalJsonWriter(dataJson.Length + (headersJson?.Length ?? 0) + 64);
        WriteMetadata(writer, correlationId, causationId, headersJson);
        var metadata = writer.ToString();
        writer.Reset();
        writer.Json(dataJson);
        return new AuditEventLine(seq, stream, version, type, FormatTimestamp(timestamp), metadata, writer.ToString());
    }

    /// <summary>
    /// The link of the current row of a reader over <see cref="Columns"/> after <paramref name="previousLink"/>: the
    /// same as <c>From(row).Link(previousLink)</c>, written straight into <paramref name="writer"/>'s reused buffer and
    /// hashed there (the sealer's path: no string per member, no line).
    /// </summary>
    internal static string LinkOf(NpgsqlDataReader row, string? previousLink, CanonicalJsonWriter writer)
    {
        writer.Reset();
        if (previousLink is not null) writer.Raw(previousLink);
        WriteHead(writer, row.GetInt64(0), row.GetString(1), row.GetInt64(2), row.GetString(3), FormatTimestamp(row.GetFieldValue<DateTimeOffset>(4)));
        WriteMetadata(writer, row.IsDBNull(5) ? null : row.GetString(5), row.IsDBNull(6) ? null : row.GetString(6),
            row.IsDBNull(7) ? null : row.GetString(7));
        writer.Raw(',');
        writer.Json(row.IsDBNull(8) ? "null" : row.GetString(8));
        writer.Raw(']');
        return AuditChainLink.Hash(writer);
    }

    /// <summary><c>[seq,stream,version,type,timestamp,</c>: the canonical text up to the metadata.</summary>
    private static void WriteHead(CanonicalJsonWriter writer, long seq, string stream, long version, string type, string timestamp)
    {
        writer.Raw('[');
        writer.Raw(AuditChainLink.Number(seq));
        writer.Raw(',');
        writer.String(stream);
        writer.Raw(',');
        writer.Raw(AuditChainLink.Number(version));
        writer.Raw(',');
        writer.String(type);
        writer.Raw(',');
        writer.String(timestamp);
        writer.Raw(',');
    }

    /// <summary>The metadata object, its members sorted by name.</summary>
    private static void WriteMetadata(CanonicalJsonWriter writer, string? correlationId, string? causationId, string? headersJson)
    {
        using var headers = headersJson is null ? null : JsonDocument.Parse(headersJson);
        var members = new List<(string Name, JsonElement Header, string? Id)>();
        if (headers is { RootElement.ValueKind: JsonValueKind.Object })
            foreach (var header in headers.RootElement.EnumerateObject())
                if (!(correlationId is not null && header.NameEquals(CorrelationIdMember)) && !(causationId is not null && header.NameEquals(CausationIdMember)))
                    members.Add((header.Name, header.Value, null));
        if (correlationId is not null) members.Add((CorrelationIdMember, default, correlationId));
        if (causationId is not null) members.Add((CausationIdMember, default, causationId));
        members.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        writer.Raw('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0) writer.Raw(',');
            writer.String(members[i].Name);
            writer.Raw(':');
            if (members[i].Id is { } id) writer.String(id);
            else writer.Json(members[i].Header);
        }
        writer.Raw('}');
    }

    /// <summary>The text the link hashes: <c>[seq,stream,version,type,timestamp,metadata,data]</c> in RFC 8785 form.</summary>
    public string CanonicalText()
    {
        var writer = new CanonicalJsonWriter(Metadata.Length + Data.Length + Stream.Length + Type.Length + 96);
        WriteHead(writer, Seq, Stream, Version, Type, Timestamp);
        writer.Canonical(Metadata);
        writer.Raw(',');
        writer.Canonical(Data);
        writer.Raw(']');
        return writer.ToString();
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
        var text = new CanonicalJsonWriter(Stream.Length + Type.Length + Timestamp.Length + 16);
        writer.WriteStartObject();
        writer.WriteNumber("seq", Seq);
        CanonicalString(writer, "stream", Stream, text);
        writer.WriteNumber("version", Version);
        CanonicalString(writer, "type", Type, text);
        CanonicalString(writer, "timestamp", Timestamp, text);
        writer.WritePropertyName("metadata");
        writer.WriteRawValue(Metadata, skipInputValidation: true);
        writer.WritePropertyName("data");
        writer.WriteRawValue(Data, skipInputValidation: true);
        if (link is null) writer.WriteNull("link");
        else writer.WriteString("link", link);
        writer.WriteEndObject();
    }

    /// <summary>A string member in its canonical form, written through <paramref name="text"/> (reused for each member).</summary>
    private static void CanonicalString(Utf8JsonWriter writer, string name, string value, CanonicalJsonWriter text)
    {
        text.Reset();
        text.String(value);
        writer.WritePropertyName(name);
        writer.WriteRawValue(text.Written, skipInputValidation: true);
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
