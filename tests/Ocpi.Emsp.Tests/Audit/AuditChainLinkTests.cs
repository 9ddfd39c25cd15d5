using Ocpi.Emsp.Audit.Chain;

namespace Ocpi.Emsp.Tests.Audit;

/// <summary>The chain's algorithm against values computed outside .NET (Python's hashlib and RFC 8785's own examples).</summary>
public sealed class AuditChainLinkTests
{
    private const string Canonical =
        """[1,"session:be-abc:1",1,"session_put","2026-12-07T13:56:03.123456Z",{"partner":"p-1"},{"a":[1,2.5,"é\n"],"b":null}]""";

    [Fact]
    public void a_link_is_the_sha256_of_the_previous_link_hex_followed_by_the_canonical_text()
    {
        var first = AuditChainLink.Next(null, Canonical);
        first.ShouldBe("1be11ed1cc87442d56fe4954fd969077a720291fd74802cb6df64a681d361aad");
        AuditChainLink.Next(first, Canonical).ShouldBe("69721fae1655440800c1d813d0eeca3829b63ce9ec1ade8511ff290a0c12deeb");
    }

    [Fact]
    public void an_event_line_from_jsonb_text_is_canonical_whatever_the_key_order_and_spacing()
    {
        var line = AuditEventLine.From(1, "session:be-abc:1", 1, "session_put",
            new DateTimeOffset(2026, 12, 7, 13, 56, 3, TimeSpan.Zero).AddTicks(1_234_560),
            correlationId: null, causationId: null, headersJson: """{"partner": "p-1"}""", dataJson: """{"b": null, "a": [1, 2.50, "é\n"]}""");

        line.CanonicalText().ShouldBe(Canonical);
        line.ToJsonLine("ab").ShouldBe(
            """{"seq":1,"stream":"session:be-abc:1","version":1,"type":"session_put","timestamp":"2026-12-07T13:56:03.123456Z","metadata":{"partner":"p-1"},"data":{"a":[1,2.5,"é\n"],"b":null},"link":"ab"}""");
    }

    [Fact]
    public void metadata_joins_the_headers_with_the_correlation_and_causation_ids_in_sorted_order()
    {
        var line = AuditEventLine.From(7, "s", 2, "t", DateTimeOffset.UnixEpoch, "corr", "req",
            """{"source": "ocpi", "request_id": "req", "received_at": "2026-01-01T00:00:00Z"}""", "{}");

        line.Metadata.ShouldBe("""{"causation_id":"req","correlation_id":"corr","received_at":"2026-01-01T00:00:00Z","request_id":"req","source":"ocpi"}""");
        line.Timestamp.ShouldBe("1970-01-01T00:00:00.000000Z");
    }

    [Theory]
    // RFC 8785 appendix B and ECMAScript's Number.prototype.toString.
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1")]
    [InlineData("12.50", "12.5")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("100", "100")]
    [InlineData("1e2", "100")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("123456789012345678901234", "1.2345678901234569e+23")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("0.1", "0.1")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    public void numbers_are_written_as_ecmascript_prints_them(string json, string canonical) =>
        AuditChainLink.Canonical(json).ShouldBe(canonical);

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("""{"total_energy":1e400}""")]
    public void numbers_beyond_a_doubles_range_keep_their_stored_text_instead_of_stopping_the_chain(string json) =>
        AuditChainLink.Canonical(json).ShouldBe(json);

    [Fact]
    public void strings_escape_only_quotes_backslashes_and_control_characters()
    {
        AuditChainLink.Canonical("\"\\u20ac\\/\\u0001\\u001f\\\"\\\\ <>&'\"").ShouldBe("\"€/\\u0001\\u001f\\\"\\\\ <>&'\"");
        AuditChainLink.Canonical("""["\b\f\n\r\t","\u0008\u000c\u000a\u000d\u0009","\ud83d\ude00"]""").ShouldBe("""["\b\f\n\r\t","\b\f\n\r\t","😀"]""");
        AuditChainLink.Canonical("""{"b":1,"a":{"d":[],"c":{}},"é":true,"Z":false}""").ShouldBe("""{"Z":false,"a":{"c":{},"d":[]},"b":1,"é":true}""");
    }
}
