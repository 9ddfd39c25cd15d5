using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Ocpi;

/// <summary>Pagination of every SENDER list: parse offset/limit/date_from/date_to, answer with Link, X-Total-Count, X-Limit.</summary>
public static class OcpiPaging
{
    /// <summary>Parses the paging parameters; a malformed one yields OCPI 2001 naming it.</summary>
    public static bool TryParse(HttpContext http, int maxLimit, out PageRequest page, out IResult? failure)
    {
        var errors = new ValidationResult();
        page = PageRequest.Parse(name => http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null, maxLimit, errors);
        failure = errors.IsValid ? null : OcpiResults.InvalidParameters(errors.Describe());
        return errors.IsValid;
    }

    /// <summary>A page of a list, with the pagination headers; other query filters are repeated in the next link.</summary>
    public static IResult Page<T>(HttpContext http, string listUrl, PageRequest page, int totalCount, int maxLimit, IReadOnlyList<T> items)
    {
        var extra = http.Request.Query
            .Where(q => q.Key is not ("offset" or "limit" or "date_from" or "date_to"))
            .Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()));
        var headers = PageHeaders.For(listUrl, page, totalCount, maxLimit, extra);
        var responseHeaders = new Dictionary<string, string>
        {
            [OcpiHeaders.TotalCount] = headers.TotalCount.ToString(),
            [OcpiHeaders.Limit] = headers.Limit.ToString(),
        };
        if (headers.Link is not null) responseHeaders[OcpiHeaders.Link] = headers.Link;
        return OcpiResults.Ok(items, headers: responseHeaders);
    }
}
