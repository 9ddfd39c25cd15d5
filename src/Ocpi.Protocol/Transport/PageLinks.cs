using System.Text;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Transport;

/// <summary>The pagination response headers: Link rel="next" (not on the last page), X-Total-Count and X-Limit.</summary>
public sealed record PageHeaders(string? Link, int TotalCount, int Limit)
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
}
