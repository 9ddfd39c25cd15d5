using System.Globalization;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Transport;

/// <summary>
/// The paging parameters of every SENDER list (transport_and_format.asciidoc, "Pagination"): date_from (inclusive),
/// date_to (exclusive), offset (default 0) and limit (capped at the server maximum).
/// </summary>
public sealed record PageRequest(DateTimeOffset? DateFrom, DateTimeOffset? DateTo, int Offset, int Limit)
{
    /// <summary>Parses the query; negative offsets are clipped to 0, limits to 1..<paramref name="maxLimit"/>.</summary>
    public static PageRequest Parse(Func<string, string?> query, int maxLimit, ValidationResult errors)
    {
        var dateFrom = ParseDate(query("date_from"), "date_from", errors);
        var dateTo = ParseDate(query("date_to"), "date_to", errors);
        var offset = ParseInt(query("offset"), "offset", errors) ?? 0;
        var limit = ParseInt(query("limit"), "limit", errors) ?? maxLimit;
        return new PageRequest(dateFrom, dateTo, Math.Max(0, offset), Math.Clamp(limit, 1, maxLimit));
    }

    public bool Includes(DateTimeOffset lastUpdated) =>
        (DateFrom is null || lastUpdated >= DateFrom) && (DateTo is null || lastUpdated < DateTo);

    private static DateTimeOffset? ParseDate(string? text, string name, ValidationResult errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (OcpiDateTime.TryParse(text, out var value)) return value;
        errors.Add(name, "is not a valid DateTime");
        return null;
    }

    private static int? ParseInt(string? text, string name, ValidationResult errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(name, "is not an integer");
        return null;
    }
}
