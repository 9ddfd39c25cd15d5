using System.Text;
using System.Text.Json;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Tests.Json;

public sealed class StorableJsonTests
{
    private static JsonTextProblem? Find(byte[] json) => StorableJson.FindProblem(JsonDocument.Parse(json).RootElement);

    private static JsonTextProblem? Find(string json) => Find(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("{\"a\":\"plain\",\"b\":[1,2.5,-0,1e300],\"c\":{\"d\":null}}")]
    [InlineData("{\"a\":\"\\ud83d\\ude00 \\u00e9 é 漢字\"}")]
    [InlineData("{\"a\":\"\\\\ud800 is text, not an escape\"}")]
    [InlineData("{\"\\ud83d\\ude00\":\"pair in a name\"}")]
    [InlineData("{\"a\":1e999,\"b\":1e-1000,\"c\":0.000001e1000}")]
    public void values_that_can_be_stored_unchanged_pass(string json) => Find(json).ShouldBeNull();

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}", "a")]
    [InlineData("{\"a\":\"x\\udc00\"}", "a")]
    [InlineData("{\"a\":[\"ok\",\"\\ud83d\\u0041\"]}", "a[1]")]
    [InlineData("{\"a\":{\"b\":\"\\ud83d\"}}", "a.b")]
    [InlineData("{\"a\":\"\\udc00\\ud800\"}", "a")]
    [InlineData("\"\\ud800\"", "(body)")]
    public void unpaired_surrogate_escapes_are_found_by_path(string json, string path)
    {
        var problem = Find(json).ShouldNotBeNull();
        problem.Path.ShouldBe(path);
        problem.Message.ShouldContain("unpaired surrogate");
        problem.IsEncoding.ShouldBeFalse();
    }

    [Fact]
    public void a_nul_escape_in_a_value_or_a_member_name_is_found()
    {
        Find("{\"a\":{\"b\":\"x\\u0000\"}}")!.ToString().ShouldBe("a.b: contains a NUL character (\\u0000)");
        Find("{\"a\":{\"x\\u0000\":1}}")!.Path.ShouldBe("a");
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void invalid_utf8_in_a_value_or_a_name_is_an_encoding_problem(byte[] bytes)
    {
        byte[] inValue = [.. "{\"a\":[\"x"u8, .. bytes, .. "\"]}"u8];
        byte[] inName = [.. "{\"a"u8, .. bytes, .. "\":1}"u8];

        Find(inValue).ShouldBe(new JsonTextProblem("a[0]", "is not valid UTF-8", true));
        Find(inName)!.IsEncoding.ShouldBeTrue();
    }

    [Theory]
    [InlineData("1e1001")]
    [InlineData("-1e-1001")]
    [InlineData("1.5e-1000")]
    [InlineData("1e99999999999999999999")]
    public void numbers_beyond_the_storable_range_are_found(string number) =>
        Find($"{{\"n\":{number}}}")!.Path.ShouldBe("n");

    [Fact]
    public void a_number_of_more_digits_than_storable_is_found() =>
        Find($"{{\"n\":[{new string('9', 1001)}]}}")!.Path.ShouldBe("n[0]");
}
