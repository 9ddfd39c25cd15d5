using System.Text;
using System.Text.RegularExpressions;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Transport;

/// <summary>The pagination response headers: Link rel="next" (not on the last page), X-Total-Count and X-Limit.</summary>
public sealed partial record PageHeaders(string? Link, int TotalCount, int Limit)
{
    /// <param name="baseUrl">Absolute URL of the list endpoint without query.</param>
    /// <param name="extraQuery">Other filters of the original request, repeated in the next link.</param>
    public static PageHeaders For(string baseUrl, PageRequest request, int totalCount, int maxLimit,
        IEnumerable<KeyValuePair<string, string>>? extraQuery = null)
    {
        // long: an offset near int.MaxValue must not wrap around into a negative next offset (a link back to the start).
        var nextOffset = (long)request.Offset + request.Limit;
        string? link = null;
        if (nextOffset < totalCount)
        {
            var query = new List<KeyValuePair<string, string>>();
            if (request.DateFrom is { } from) query.Add(new("date_from", OcpiDateTime.Format(from)));
            if (request.DateTo is { } to) query.Add(new("date_to", OcpiDateTime.Format(to)));
            if (extraQuery is not null) query.AddRange(extraQuery);
            query.Add(new("offset", nextOffset.ToString()));
            query.Add(new("limit", request.Limit.ToString()));
            var url = new StringBuilder(baseUrl).Append('?')
                .AppendJoin('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
            link = $"<{url}>; rel=\"next\"";
        }
        return new PageHeaders(link, totalCount, maxLimit);
    }

    /// <summary>
    /// The URL of a Link header's rel="next" entry (RFC 8288: several comma-separated links may come in one header,
    /// the rel value quoted or not); null when there is none.
    /// </summary>
    public static string? NextUrl(string? linkHeader)
    {
        if (string.IsNullOrWhiteSpace(linkHeader)) return null;
        foreach (Match link in LinkEntry().Matches(linkHeader))
            if (link.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase))
                return link.Groups["url"].Value.Trim();
        return null;
    }

    [GeneratedRegex("<(?<url>[^>]*)>[^,<]*?;\\s*rel\\s*=\\s*\"?(?<rel>[^\";,]*)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex LinkEntry();
}
