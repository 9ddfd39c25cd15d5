using System.Text.RegularExpressions;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Tests.Json;

public sealed class OcpiDateTimeFormatTests
{
    private static readonly Regex Shape = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$");

    public static TheoryData<DateTimeOffset> Instants => new()
    {
        new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero),
        new DateTimeOffset(2016, 12, 29, 17, 45, 9, 200, TimeSpan.Zero),
        new DateTimeOffset(2018, 1, 1, 1, 8, 1, 123, TimeSpan.Zero).AddTicks(4567),
        new DateTimeOffset(2024, 3, 31, 2, 30, 0, 999, TimeSpan.FromHours(2)).AddTicks(9999),
        new DateTimeOffset(2024, 12, 31, 23, 59, 59, 1, TimeSpan.FromHours(-11)),
        new DateTimeOffset(2020, 2, 29, 12, 0, 0, TimeSpan.FromMinutes(330)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void output_is_utc_with_z_and_at_most_25_characters(DateTimeOffset instant)
    {
        var text = OcpiDateTime.Format(instant);

        text.Length.ShouldBeLessThanOrEqualTo(OcpiDateTime.MaxLength);
        OcpiDateTime.MaxLength.ShouldBe(25);
        Shape.IsMatch(text).ShouldBeTrue($"'{text}' is not yyyy-MM-ddTHH:mm:ss[.fff]Z");
        text.ShouldNotContain("+");
        text.ShouldNotContain("+00:00");
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public void output_denotes_the_same_instant_to_the_millisecond(DateTimeOffset instant)
    {
        OcpiDateTime.TryParse(OcpiDateTime.Format(instant), out var read).ShouldBeTrue();

        read.Offset.ShouldBe(TimeSpan.Zero);
        read.UtcTicks.ShouldBe(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void whole_seconds_are_written_without_fraction()
    {
        OcpiDateTime.Format(new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero)).ShouldBe("2015-06-29T20:39:09Z");
    }

    [Fact]
    public void milliseconds_are_kept_with_three_digits()
    {
        OcpiDateTime.Format(new DateTimeOffset(2018, 1, 1, 1, 8, 1, 123, TimeSpan.Zero)).ShouldBe("2018-01-01T01:08:01.123Z");
        OcpiDateTime.Format(new DateTimeOffset(2016, 12, 29, 17, 45, 9, 200, TimeSpan.Zero)).ShouldBe("2016-12-29T17:45:09.200Z");
        OcpiDateTime.Format(new DateTimeOffset(2016, 12, 29, 17, 45, 9, 1, TimeSpan.Zero)).ShouldBe("2016-12-29T17:45:09.001Z");
    }

    [Fact]
    public void sub_millisecond_ticks_are_truncated_never_written_as_seven_digits()
    {
        var instant = new DateTimeOffset(2018, 1, 1, 1, 8, 1, 123, TimeSpan.Zero).AddTicks(9999);

        OcpiDateTime.Format(instant).ShouldBe("2018-01-01T01:08:01.123Z");
    }

    [Fact]
    public void only_sub_millisecond_ticks_are_dropped_entirely()
    {
        var instant = new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero).AddTicks(4321);

        OcpiDateTime.Format(instant).ShouldBe("2015-06-29T20:39:09Z");
    }

    [Fact]
    public void an_offset_is_converted_to_utc_instead_of_being_written()
    {
        var local = new DateTimeOffset(2015, 6, 29, 22, 39, 9, TimeSpan.FromHours(2));

        OcpiDateTime.Format(local).ShouldBe("2015-06-29T20:39:09Z");
    }

    [Fact]
    public void conversion_to_utc_can_change_the_date()
    {
        var local = new DateTimeOffset(2024, 1, 1, 0, 30, 0, TimeSpan.FromHours(1));

        OcpiDateTime.Format(local).ShouldBe("2023-12-31T23:30:00Z");
    }
}
