using Ocpi.Protocol.Transport;

namespace Ocpi.Protocol.Tests.Transport;

/// <summary>Reading the Link header of a SENDER list page, as a client following the pagination.</summary>
public sealed class NextLinkTests
{
    [Theory]
    [InlineData("<https://cpo.example.com/ocpi/2.3.0/locations?offset=50&limit=50>; rel=\"next\"", "https://cpo.example.com/ocpi/2.3.0/locations?offset=50&limit=50")]
    [InlineData("<https://a.example/x?offset=2>; rel=next", "https://a.example/x?offset=2")]
    [InlineData("<https://a.example/prev>; rel=\"prev\", <https://a.example/next>; rel=\"next\"", "https://a.example/next")]
    [InlineData("<https://a.example/n>; title=\"more\"; REL=\"next\"", "https://a.example/n")]
    public void the_next_link_is_found_among_links_and_parameters(string header, string expected) =>
        PageHeaders.NextUrl(header).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<https://a.example/prev>; rel=\"prev\"")]
    [InlineData("https://a.example/next; rel=\"next\"")]
    public void without_a_next_link_there_is_no_next_page(string? header) => PageHeaders.NextUrl(header).ShouldBeNull();

    [Fact]
    public void the_link_we_write_is_the_link_we_read()
    {
        var headers = PageHeaders.For("https://emsp.example.com/ocpi/2.3.0/tokens", new PageRequest(null, null, 0, 10), 25, 10);
        PageHeaders.NextUrl(headers.Link).ShouldBe("https://emsp.example.com/ocpi/2.3.0/tokens?offset=10&limit=10");
    }
}
