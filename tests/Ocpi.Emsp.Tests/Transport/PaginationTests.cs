using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>The shared pagination answer every SENDER list uses (25 probe items, server maximum 10).</summary>
public sealed class PaginationTests(TransportFixture emsp) : IClassFixture<TransportFixture>
{
    [Fact]
    public async Task following_next_links_walks_every_item_once_with_total_count_and_server_limit()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var seen = new List<int>();
        string? url = TransportFixture.ProbeUrl + "?limit=1000&date_from=2020-01-01T00:00:00Z&kind=x";
        var pages = 0;

        while (url is not null && pages++ < 10)
        {
            var result = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
            result.Headers["X-Total-Count"].ShouldBe("25");
            result.Headers["X-Limit"].ShouldBe("10");
            seen.AddRange(result.Data.EnumerateArray().Select(e => e.GetInt32()));
            url = result.Headers.TryGetValue("Link", out var link) ? link[(link.IndexOf('<') + 1)..link.IndexOf('>')] : null;
            if (url is not null)
            {
                url.ShouldContain("date_from=2020-01-01T00%3A00%3A00Z");
                url.ShouldContain("kind=x");
                link!.ShouldEndWith("rel=\"next\"");
            }
        }

        seen.ShouldBe(Enumerable.Range(0, 25));
        pages.ShouldBe(3);
    }

    [Theory]
    [InlineData("offset=abc", "offset")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("date_to=yesterday", "date_to")]
    public async Task malformed_paging_parameters_get_2001_naming_the_parameter(string query, string name)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var result = await cpo.CallEmspAsync(HttpMethod.Get, $"{TransportFixture.ProbeUrl}?{query}", cpo.TokenForEmsp);

        result.StatusCode.ShouldBe(2001);
        result.StatusMessage!.ShouldContain(name);
    }
}
