using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class StringTypeTests
{
    private readonly StringType _type = OcpiTypes.String(5);

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"ABCDE\"")]
    [InlineData("\"a b c\"")]
    [InlineData("\"Ößé€\"")]
    public void printable_text_up_to_the_maximum_is_accepted(string json) => _type.ShouldAccept(json);

    [Fact]
    public void the_maximum_counts_characters_not_bytes() => _type.ShouldAccept("\"ééééé\"");

    [Fact]
    public void text_longer_than_the_maximum_is_refused() =>
        _type.ShouldRefuse("\"abcdef\"", "too long (6 characters, max 5)");

    [Theory]
    [InlineData("\"a\\nb\"")]
    [InlineData("\"a\\tb\"")]
    [InlineData("\"a\\rb\"")]
    [InlineData("\"\\u0000\"")]
    public void control_characters_are_refused(string json) => _type.ShouldRefuse(json, "control characters");

    [Theory]
    [InlineData("12", "got a number")]
    [InlineData("true", "got a boolean")]
    [InlineData("{}", "got an object")]
    [InlineData("[\"a\"]", "got an array")]
    public void a_non_string_is_refused_naming_the_expected_type(string json, string got)
    {
        var error = _type.ShouldRefuse(json, "expected string(5)");
        error.Message.ShouldEndWith(got);
    }

    [Fact]
    public void an_unbounded_string_is_named_string_and_accepts_long_text()
    {
        OcpiTypes.UnboundedString.Name.ShouldBe("string");
        OcpiTypes.UnboundedString.ShouldAccept($"\"{new string('x', 10_000)}\"");
    }
}
