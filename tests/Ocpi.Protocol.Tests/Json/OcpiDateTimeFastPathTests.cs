using System.Globalization;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Tests.Json;

/// <summary>The common shape is read without .NET's format parser; it must accept and reject exactly what that parser does.</summary>
public sealed class OcpiDateTimeFastPathTests
{
    private static readonly string[] GeneralFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    [Theory]
    [InlineData("2024-02-29T23:59:59Z")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("2023-02-28T10:00:00")]
    [InlineData("2100-02-29T00:00:00Z")]
    [InlineData("2000-02-29T00:00:00Z")]
    [InlineData("2024-04-31T00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-00-10T00:00:00Z")]
    [InlineData("2024-01-00T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T23:60:00Z")]
    [InlineData("2024-01-01T23:59:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2024-01-01T10:00:00.Z")]
    [InlineData("2024-01-01T10:00:00.")]
    [InlineData("2024-01-01T10:00:00.5")]
    [InlineData("2024-01-01T10:00:00.05Z")]
    [InlineData("2024-01-01T10:00:00.000Z")]
    [InlineData("2024-01-01T10:00:00.1200000Z")]
    [InlineData("2024-01-01T10:00:00ZZ")]
    [InlineData("2024-01-01T10:00:00z")]
    [InlineData("2024-01-01t10:00:00Z")]
    [InlineData("2024-01-01 10:00:00Z")]
    [InlineData("2024-1-01T10:00:00Z")]
    [InlineData("+024-01-01T10:00:00Z")]
    [InlineData("2024-01-01T1a:00:00Z")]
    [InlineData("2024-01-01T10:00:00X")]
    [InlineData(" 2024-01-01T10:00:00Z ")]
    public void agrees_with_the_general_formats(string text)
    {
        var expectedOk = DateTimeOffset.TryParseExact(text.Trim(), GeneralFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected);

        var ok = OcpiDateTime.TryParse(text, out var value);

        if (expectedOk)
        {
            ok.ShouldBeTrue(text);
            value.UtcTicks.ShouldBe(expected.UtcTicks, text);
            value.Offset.ShouldBe(TimeSpan.Zero);
        }
        else if (ok)
        {
            // Accepted only through the explicit-offset formats, never by the UTC shapes.
            text.ShouldMatch(@"[+-]\d\d:\d\d\s*$");
        }
    }

    [Fact]
    public void agrees_with_the_general_formats_over_a_year_of_instants()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 20_000; i++)
        {
            var instant = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 366 * 8));
            var digits = random.Next(0, 8);
            var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) +
                       (digits == 0 ? "" : "." + (instant.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture)[..digits]) +
                       (random.Next(2) == 0 ? "Z" : "");
            DateTimeOffset.TryParseExact(text, GeneralFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected).ShouldBeTrue(text);

            OcpiDateTime.TryParse(text, out var value).ShouldBeTrue(text);

            value.UtcTicks.ShouldBe(expected.UtcTicks, text);
        }
    }
}
