using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class CiStringTypeTests
{
    [Theory]
    [InlineData("\"NL\"")]
    [InlineData("\"nl\"")]
    [InlineData("\"\"")]
    [InlineData("\"a b\"")]
    [InlineData("\"~!{\"")]
    public void printable_ascii_up_to_the_maximum_is_accepted(string json) => OcpiTypes.CiString(3).ShouldAccept(json);

    [Fact]
    public void text_longer_than_the_maximum_is_refused() =>
        OcpiTypes.PartyId.ShouldRefuse("\"TNMX\"", "too long (4 characters, max 3)");

    [Theory]
    [InlineData("\"Né\"")]
    [InlineData("\"€\"")]
    [InlineData("\"a\\tb\"")]
    [InlineData("\"\\u007f\"")]
    public void non_ascii_or_control_characters_are_refused(string json) =>
        OcpiTypes.CiString(3).ShouldRefuse(json, "printable ASCII characters only");

    [Fact]
    public void a_number_is_refused() => OcpiTypes.CountryCode.ShouldRefuse("31", "expected CiString(2), got a number");

    [Fact]
    public void country_code_and_party_id_are_ci_strings_of_2_and_3()
    {
        OcpiTypes.CountryCode.Name.ShouldBe("CiString(2)");
        OcpiTypes.PartyId.Name.ShouldBe("CiString(3)");
    }
}
