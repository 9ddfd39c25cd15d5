using System.Text.RegularExpressions;
using System.Web;
using Ocpi.Protocol.Transport;

namespace Ocpi.Protocol.Tests.Transport;

public sealed class PageHeadersTests
{
    private const string BaseUrl = "https://emsp.example.com/ocpi/2.3.0/tokens";
    private const int MaxLimit = 100;
    private static readonly DateTimeOffset From = new(2019, 1, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2019, 1, 29, 12, 0, 0, 250, TimeSpan.Zero);

    private static Uri NextUrl(PageHeaders headers)
    {
        headers.Link.ShouldNotBeNull();
        var match = Regex.Match(headers.Link, "^<(?<url>[^>]+)>; rel=\"next\"$");
        match.Success.ShouldBeTrue(headers.Link);
        return new Uri(match.Groups["url"].Value);
    }

    [Fact]
    public void the_first_of_several_pages_links_to_the_next_offset_repeating_dates_and_filters()
    {
        var headers = PageHeaders.For(BaseUrl, new PageRequest(From, To, 0, 50), totalCount: 120, MaxLimit,
            [new("type", "RFID"), new("country_code", "NL")]);

        var next = NextUrl(headers);
        next.GetLeftPart(UriPartial.Path).ShouldBe(BaseUrl);
        var query = HttpUtility.ParseQueryString(next.Query);
        query.AllKeys.ShouldBe(["date_from", "date_to", "type", "country_code", "offset", "limit"]);
        query["date_from"].ShouldBe("2019-01-28T12:00:00Z");
        query["date_to"].ShouldBe("2019-01-29T12:00:00.250Z");
        query["type"].ShouldBe("RFID");
        query["country_code"].ShouldBe("NL");
        query["offset"].ShouldBe("50");
        query["limit"].ShouldBe("50");
    }

    [Fact]
    public void the_link_has_the_shape_of_the_spec_example()
    {
        var headers = PageHeaders.For("https://www.server.com/ocpi/cpo/2.3.0/cdrs/", new PageRequest(null, null, 100, 50), 500, MaxLimit);

        headers.Link.ShouldBe("<https://www.server.com/ocpi/cpo/2.3.0/cdrs/?offset=150&limit=50>; rel=\"next\"");
    }

    [Fact]
    public void a_middle_page_links_to_the_page_after_it()
    {
        var headers = PageHeaders.For(BaseUrl, new PageRequest(null, null, 50, 50), 120, MaxLimit);

        HttpUtility.ParseQueryString(NextUrl(headers).Query)["offset"].ShouldBe("100");
    }

    [Theory]
    [InlineData(100, 50, 120)]
    [InlineData(50, 50, 100)]
    [InlineData(0, 100, 100)]
    [InlineData(0, 100, 0)]
    [InlineData(500, 50, 120)]
    public void the_last_page_has_no_link(int offset, int limit, int total)
    {
        PageHeaders.For(BaseUrl, new PageRequest(From, To, offset, limit), total, MaxLimit).Link.ShouldBeNull();
    }

    [Fact]
    public void a_page_one_short_of_the_total_still_links()
    {
        PageHeaders.For(BaseUrl, new PageRequest(null, null, 50, 50), 101, MaxLimit).Link.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public void x_limit_is_always_the_server_maximum(int requestLimit)
    {
        var headers = PageHeaders.For(BaseUrl, new PageRequest(null, null, 0, requestLimit), 1000, MaxLimit);

        headers.Limit.ShouldBe(MaxLimit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(1000)]
    public void x_total_count_is_the_total(int total)
    {
        PageHeaders.For(BaseUrl, new PageRequest(null, null, 0, 10), total, MaxLimit).TotalCount.ShouldBe(total);
    }

    [Fact]
    public void filter_values_are_escaped_in_the_link()
    {
        var headers = PageHeaders.For(BaseUrl, new PageRequest(null, null, 0, 10), 20, MaxLimit, [new("q", "a&b c=d")]);

        headers.Link!.ShouldContain("q=a%26b%20c%3Dd");
        HttpUtility.ParseQueryString(NextUrl(headers).Query)["q"].ShouldBe("a&b c=d");
    }

    [Fact]
    public void dates_in_the_link_are_ocpi_utc_datetimes()
    {
        var local = new DateTimeOffset(2019, 1, 28, 14, 0, 0, TimeSpan.FromHours(2));

        var query = HttpUtility.ParseQueryString(
            NextUrl(PageHeaders.For(BaseUrl, new PageRequest(local, null, 0, 10), 20, MaxLimit)).Query);

        query["date_from"].ShouldBe("2019-01-28T12:00:00Z");
        query["date_to"].ShouldBeNull();
    }

    [Fact]
    public void a_huge_offset_does_not_overflow_into_a_link_back_to_the_start()
    {
        var headers = PageHeaders.For(BaseUrl, new PageRequest(null, null, int.MaxValue, MaxLimit), 1000, MaxLimit);

        headers.Link.ShouldBeNull();
    }

    [Fact]
    public void following_links_from_parsed_requests_visits_every_object_exactly_once()
    {
        const int total = 237;
        var seen = new List<int>();
        var query = new Dictionary<string, string> { ["limit"] = "40" };
        for (var pages = 0; pages < 100; pages++)
        {
            var errors = new Ocpi.Protocol.Validation.ValidationResult();
            var request = PageRequest.Parse(n => query.GetValueOrDefault(n), MaxLimit, errors);
            errors.IsValid.ShouldBeTrue();
            seen.AddRange(Enumerable.Range(request.Offset, Math.Max(0, Math.Min(request.Limit, total - request.Offset))));
            var headers = PageHeaders.For(BaseUrl, request, total, MaxLimit);
            if (headers.Link is null) break;
            var next = HttpUtility.ParseQueryString(NextUrl(headers).Query);
            query = next.AllKeys.ToDictionary(k => k!, k => next[k]!);
        }

        seen.ShouldBe(Enumerable.Range(0, total));
    }
}
