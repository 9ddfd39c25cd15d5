using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class UrlTypeTests
{
    [Theory]
    [InlineData("https://example.com/ocpi/versions")]
    [InlineData("http://example.com")]
    [InlineData("https://www.server.com/ocpi/cpo/2.3.0/cdrs/?offset=150&limit=50")]
    [InlineData("https://10.0.0.1:8443/ocpi/2.3.0")]
    public void absolute_http_and_https_urls_are_accepted(string url) => OcpiTypes.Url.ShouldAccept($"\"{url}\"");

    [Fact]
    public void a_url_of_255_characters_is_accepted()
    {
        var url = "https://example.com/" + new string('a', 255 - 20);
        url.Length.ShouldBe(255);
        OcpiTypes.Url.ShouldAccept($"\"{url}\"");
    }

    [Fact]
    public void a_url_longer_than_255_characters_is_refused()
    {
        var url = "https://example.com/" + new string('a', 256 - 20);
        OcpiTypes.Url.ShouldRefuse($"\"{url}\"", "too long (256 characters, max 255)");
    }

    [Theory]
    [InlineData("/ocpi/versions")]
    [InlineData("example.com/ocpi")]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("mailto:info@example.com")]
    [InlineData("not a url")]
    [InlineData("")]
    public void relative_and_non_http_urls_are_refused(string url) =>
        OcpiTypes.Url.ShouldRefuse($"\"{url}\"", "must be an absolute http(s) URL");

    [Fact]
    public void a_non_string_is_refused() => OcpiTypes.Url.ShouldRefuse("{}", "expected URL, got an object");
}
