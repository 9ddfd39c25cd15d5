using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Tests.Json;

public sealed class OcpiDateTimeParseTests
{
    /// <summary>The exhaustive list of shapes of types.asciidoc, with the instant each one denotes (in ticks of UTC).</summary>
    public static TheoryData<string, DateTimeOffset> SpecShapes => new()
    {
        { "2015-06-29T20:39:09Z", new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero) },
        { "2015-06-29T20:39:09", new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero) },
        { "2016-12-29T17:45:09.2Z", new DateTimeOffset(2016, 12, 29, 17, 45, 9, 200, TimeSpan.Zero) },
        { "2016-12-29T17:45:09.2", new DateTimeOffset(2016, 12, 29, 17, 45, 9, 200, TimeSpan.Zero) },
        { "2018-01-01T01:08:01.123Z", new DateTimeOffset(2018, 1, 1, 1, 8, 1, 123, TimeSpan.Zero) },
        { "2018-01-01T01:08:01.123", new DateTimeOffset(2018, 1, 1, 1, 8, 1, 123, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(SpecShapes))]
    public void every_spec_shape_parses_as_utc(string text, DateTimeOffset expected)
    {
        OcpiDateTime.TryParse(text, out var value).ShouldBeTrue(text);

        value.ShouldBe(expected);
        value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void datetime_without_designator_is_read_as_utc()
    {
        OcpiDateTime.TryParse("2015-06-29T20:39:09", out var value).ShouldBeTrue();

        value.Offset.ShouldBe(TimeSpan.Zero);
        value.UtcDateTime.ShouldBe(new DateTime(2015, 6, 29, 20, 39, 9, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData("2015-06-29T22:39:09+02:00", "2015-06-29T20:39:09Z")]
    [InlineData("2015-06-29T15:39:09-05:00", "2015-06-29T20:39:09Z")]
    [InlineData("2015-06-30T02:09:09+05:30", "2015-06-29T20:39:09Z")]
    [InlineData("2015-06-29T20:39:09+00:00", "2015-06-29T20:39:09Z")]
    [InlineData("2018-01-01T03:08:01.123+02:00", "2018-01-01T01:08:01.123Z")]
    [InlineData("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z")]
    public void explicit_offsets_are_tolerated_and_converted_to_utc(string text, string expectedUtc)
    {
        OcpiDateTime.TryParse(text, out var value).ShouldBeTrue(text);

        value.Offset.ShouldBe(TimeSpan.Zero);
        OcpiDateTime.Format(value).ShouldBe(expectedUtc);
    }

    [Theory]
    [InlineData("2018-01-01T01:08:01.123456789Z")]
    [InlineData("2018-01-01T01:08:01.123456789")]
    [InlineData("2018-01-01T03:08:01.123456789+02:00")]
    public void nine_digit_fractions_are_tolerated(string text)
    {
        OcpiDateTime.TryParse(text, out var value).ShouldBeTrue(text);

        value.UtcTicks.ShouldBe(new DateTimeOffset(2018, 1, 1, 1, 8, 1, TimeSpan.Zero).UtcTicks + 1_234_567);
        OcpiDateTime.Format(value).ShouldBe("2018-01-01T01:08:01.123Z");
    }

    [Fact]
    public void seven_digit_fractions_as_written_by_dotnet_are_read_exactly()
    {
        OcpiDateTime.TryParse("2018-01-01T01:08:01.1234567Z", out var value).ShouldBeTrue();

        value.UtcTicks.ShouldBe(new DateTimeOffset(2018, 1, 1, 1, 8, 1, TimeSpan.Zero).UtcTicks + 1_234_567);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("2015-06-29")]
    [InlineData("20:39:09")]
    [InlineData("2015-06-29T20:39")]
    [InlineData("2015-06-29T20:39Z")]
    [InlineData("2015-06-29 20:39:09Z")]
    [InlineData("2015/06/29T20:39:09Z")]
    [InlineData("29-06-2015T20:39:09Z")]
    [InlineData("2015-13-01T00:00:00Z")]
    [InlineData("2015-02-30T00:00:00Z")]
    [InlineData("2015-06-29T24:00:01Z")]
    [InlineData("2015-06-29T20:60:09Z")]
    [InlineData("2015-06-29T20:39:09ZZ")]
    [InlineData("2015-06-29T20:39:09Z garbage")]
    [InlineData("2015-06-29T20:39:09+25:00")]
    [InlineData("1435610349")]
    [InlineData("2015-06-29T20:39:09.abcZ")]
    public void garbage_is_refused(string? text)
    {
        OcpiDateTime.TryParse(text, out _).ShouldBeFalse(text);
    }
}
