using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;

namespace Ocpi.Tariffs;

/// <summary>Reads the few JSON shapes pricing needs; a value of the wrong shape is a reason not to price, with its path.</summary>
internal static class JsonRead
{
    public static bool Present(JsonObject o, string name) => o.TryGetPropertyValue(name, out var v) && v is not null;

    public static decimal? Number(JsonObject o, string name, string path)
    {
        if (!o.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            // A parsed document holds numbers as text; a node built in code holds a CLR number (int, double...).
            if (v.TryGetValue<decimal>(out var d)) return d;
            if (decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
        }
        throw new UnpriceableException($"{path}.{name} is not a number");
    }

    public static decimal RequiredNumber(JsonObject o, string name, string path) =>
        Number(o, name, path) ?? throw new UnpriceableException($"{path}.{name} is missing");

    public static string? String(JsonObject o, string name, string path)
    {
        if (!o.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw new UnpriceableException($"{path}.{name} is not a string");
    }

    public static bool? Boolean(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var node) || node is not JsonValue v) return null;
        return v.GetValueKind() switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
    }

    public static DateTimeOffset? Instant(JsonObject o, string name, string path)
    {
        var text = String(o, name, path);
        if (text is null) return null;
        return OcpiDateTime.TryParse(text, out var value)
            ? value
            : throw new UnpriceableException($"{path}.{name} is not an RFC 3339 date-time");
    }

    public static DateTimeOffset RequiredInstant(JsonObject o, string name, string path) =>
        Instant(o, name, path) ?? throw new UnpriceableException($"{path}.{name} is missing");

    public static JsonObject? Object(JsonObject o, string name, string path)
    {
        if (!o.TryGetPropertyValue(name, out var node) || node is null) return null;
        return node as JsonObject ?? throw new UnpriceableException($"{path}.{name} is not an object");
    }

    public static IReadOnlyList<JsonObject> Objects(JsonObject o, string name, string path)
    {
        if (!o.TryGetPropertyValue(name, out var node) || node is null) return [];
        if (node is not JsonArray array) throw new UnpriceableException($"{path}.{name} is not an array");
        var list = new List<JsonObject>(array.Count);
        for (var i = 0; i < array.Count; i++)
            list.Add(array[i] as JsonObject ?? throw new UnpriceableException($"{path}.{name}[{i}] is not an object"));
        return list;
    }

    public static IReadOnlyList<string> Strings(JsonObject o, string name, string path)
    {
        if (!o.TryGetPropertyValue(name, out var node) || node is null) return [];
        if (node is not JsonArray array) throw new UnpriceableException($"{path}.{name} is not an array");
        return array.Select((n, i) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new UnpriceableException($"{path}.{name}[{i}] is not a string")).ToList();
    }

    public static TimeOnly? TimeOfDay(JsonObject o, string name, string path)
    {
        var text = String(o, name, path);
        if (text is null) return null;
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw new UnpriceableException($"{path}.{name} is not a time of day HH:MM");
    }

    public static DateOnly? Date(JsonObject o, string name, string path)
    {
        var text = String(o, name, path);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new UnpriceableException($"{path}.{name} is not a date YYYY-MM-DD");
    }
}
