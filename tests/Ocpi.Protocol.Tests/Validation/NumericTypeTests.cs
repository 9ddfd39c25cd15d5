using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class NumericTypeTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("0.25")]
    [InlineData("123456.1234")]
    [InlineData("1e3")]
    public void number_accepts_json_numbers(string json) => OcpiTypes.Number.ShouldAccept(json);

    [Theory]
    [InlineData("\"0.25\"", "got a string")]
    [InlineData("true", "got a boolean")]
    [InlineData("[]", "got an array")]
    public void number_refuses_other_kinds_including_numeric_strings(string json, string got) =>
        OcpiTypes.Number.ShouldRefuse(json, "expected number, " + got);

    [Theory]
    [InlineData("0")]
    [InlineData("512")]
    [InlineData("99999")]
    [InlineData("-99999")]
    public void int_with_digits_accepts_integers_up_to_that_many_digits(string json) => OcpiTypes.Int(5).ShouldAccept(json);

    [Theory]
    [InlineData("100000")]
    [InlineData("-100000")]
    public void int_with_digits_refuses_more_digits(string json) => OcpiTypes.Int(5).ShouldRefuse(json, "has more than 5 digits");

    [Theory]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    public void int_with_digits_reports_extreme_values_instead_of_throwing(string json) =>
        OcpiTypes.Int(5).ShouldRefuse(json, "has more than 5 digits");

    [Fact]
    public void int_without_digits_accepts_any_64_bit_integer()
    {
        OcpiTypes.Int().Name.ShouldBe("int");
        OcpiTypes.Int().ShouldAccept("-9223372036854775808");
        OcpiTypes.Int().ShouldAccept("9223372036854775807");
    }

    [Theory]
    [InlineData("1.5", "got a number")]
    [InlineData("\"5\"", "got a string")]
    [InlineData("null", "got null")]
    public void int_refuses_fractions_and_strings(string json, string got) =>
        OcpiTypes.Int(5).ShouldRefuse(json, "expected int(5), " + got);
}
