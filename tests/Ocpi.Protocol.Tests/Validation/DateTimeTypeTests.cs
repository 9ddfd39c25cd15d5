using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class DateTimeTypeTests
{
    [Theory]
    [InlineData("2015-06-29T20:39:09Z")]
    [InlineData("2015-06-29T20:39:09")]
    [InlineData("2016-12-29T17:45:09.2Z")]
    [InlineData("2016-12-29T17:45:09.2")]
    [InlineData("2018-01-01T01:08:01.123Z")]
    [InlineData("2018-01-01T01:08:01.123")]
    [InlineData("2015-06-29T22:39:09+02:00")]
    public void spec_shapes_and_offsets_are_accepted(string text) => OcpiTypes.DateTime.ShouldAccept($"\"{text}\"");

    [Theory]
    [InlineData("2015-06-29")]
    [InlineData("29/06/2015 20:39")]
    [InlineData("")]
    public void unparseable_text_is_refused_with_an_example_of_the_format(string text) =>
        OcpiTypes.DateTime.ShouldRefuse($"\"{text}\"", "is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)");

    [Fact]
    public void a_number_is_refused() => OcpiTypes.DateTime.ShouldRefuse("1435610349", "expected DateTime, got a number");
}
