using Ocpi.Protocol.Transport;

namespace Ocpi.Protocol.Tests.Transport;

public sealed class CredentialsTokenHeaderTests
{
    [Fact]
    public void encode_writes_the_scheme_and_base64_of_the_utf8_bytes()
    {
        CredentialsTokenHeader.Encode("example-token").ShouldBe("Token ZXhhbXBsZS10b2tlbg==");
        CredentialsTokenHeader.Encode("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2")
            .ShouldBe("Token ZWJmM2IzOTktNzc5Zi00NDk3LTliOWQtYWM2YWQzY2M0NGQy");
    }

    [Fact]
    public void encode_raw_writes_the_token_as_is()
    {
        CredentialsTokenHeader.EncodeRaw("example-token").ShouldBe("Token example-token");
    }

    [Fact]
    public void a_base64_header_yields_the_decoded_token_first_and_the_raw_value_second()
    {
        CredentialsTokenHeader.Candidates("Token ZXhhbXBsZS10b2tlbg==").ShouldBe(["example-token", "ZXhhbXBsZS10b2tlbg=="]);
    }

    [Fact]
    public void the_spec_example_with_an_encoded_newline_does_not_decode_to_a_token()
    {
        // transport_and_format.asciidoc prints "ZXhhbXBsZS10b2tlbgo=", which is Base64 of "example-token\n";
        // a newline is not a legal credentials-token character (U+0021..U+007E), so only the raw reading remains.
        var candidates = CredentialsTokenHeader.Candidates("Token ZXhhbXBsZS10b2tlbgo=");

        candidates.ShouldNotContain("example-token\n");
        candidates.ShouldNotContain("example-token");
        candidates.ShouldBe(["ZXhhbXBsZS10b2tlbgo="]);
    }

    [Fact]
    public void the_other_spec_example_with_an_encoded_newline_yields_only_the_raw_value()
    {
        CredentialsTokenHeader.Candidates("Token ZWJmM2IzOTktNzc5Zi00NDk3LTliOWQtYWM2YWQzY2M0NGQyCg==")
            .ShouldBe(["ZWJmM2IzOTktNzc5Zi00NDk3LTliOWQtYWM2YWQzY2M0NGQyCg=="]);
    }

    [Theory]
    [InlineData("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2")]
    [InlineData("example-token")]
    [InlineData("a!b#c$d%e")]
    public void a_token_that_is_not_base64_yields_only_the_raw_value(string token)
    {
        CredentialsTokenHeader.Candidates("Token " + token).ShouldBe([token]);
    }

    [Theory]
    [InlineData("abcd")] // valid Base64 of bytes 0x69 0xB7 0x1D: not printable ASCII
    [InlineData("//4=")] // bytes 0xFF 0xFE: not UTF-8
    [InlineData("AAAA")] // NUL bytes
    public void base64_that_does_not_decode_to_a_legal_token_yields_only_the_raw_value(string presented)
    {
        CredentialsTokenHeader.Candidates("Token " + presented).ShouldBe([presented]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Token")]
    [InlineData("Token ")]
    [InlineData("Token    ")]
    [InlineData("ZXhhbXBsZS10b2tlbg==")]
    [InlineData("Bearer ZXhhbXBsZS10b2tlbg==")]
    [InlineData("Basic ZXhhbXBsZS10b2tlbg==")]
    [InlineData("TokenZXhhbXBsZS10b2tlbg==")]
    public void a_missing_scheme_or_empty_value_yields_nothing(string? header)
    {
        CredentialsTokenHeader.Candidates(header).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("token ZXhhbXBsZS10b2tlbg==")]
    [InlineData("TOKEN ZXhhbXBsZS10b2tlbg==")]
    [InlineData("tOkEn ZXhhbXBsZS10b2tlbg==")]
    public void the_scheme_is_case_insensitive(string header)
    {
        CredentialsTokenHeader.Candidates(header).ShouldBe(["example-token", "ZXhhbXBsZS10b2tlbg=="]);
    }

    [Fact]
    public void surrounding_whitespace_of_the_value_is_ignored()
    {
        CredentialsTokenHeader.Candidates("Token   ZXhhbXBsZS10b2tlbg==  ").ShouldBe(["example-token", "ZXhhbXBsZS10b2tlbg=="]);
    }

    [Theory]
    [InlineData("example-token")]
    [InlineData("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2")]
    [InlineData("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")]
    [InlineData("x")]
    public void an_encoded_header_decodes_back_to_its_token(string token)
    {
        CredentialsTokenHeader.Candidates(CredentialsTokenHeader.Encode(token))[0].ShouldBe(token);
        CredentialsTokenHeader.Candidates(CredentialsTokenHeader.EncodeRaw(token)).ShouldContain(token);
    }
}
