using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class BooleanTypeTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void json_booleans_are_accepted(string json) => OcpiTypes.Boolean.ShouldAccept(json);

    [Theory]
    [InlineData("\"true\"", "got a string")]
    [InlineData("1", "got a number")]
    [InlineData("0", "got a number")]
    public void strings_and_numbers_are_refused(string json, string got) =>
        OcpiTypes.Boolean.ShouldRefuse(json, "expected boolean, " + got);
}
