using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Validation;
using Ocpi.Protocol.Versions;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class EnumTypeTests
{
    [Theory]
    [InlineData("CPO")]
    [InlineData("EMSP")]
    [InlineData("NAP")]
    [InlineData("NSP")]
    [InlineData("OTHER")]
    [InlineData("SCSP")]
    public void a_closed_enum_accepts_its_values(string value) => OcpiTypes.Enum<Role>().ShouldAccept($"\"{value}\"");

    [Fact]
    public void a_closed_enum_refuses_an_unknown_value_and_lists_the_allowed_ones()
    {
        // HUB was a Role in 2.2.1 and was removed in 2.3.0.
        OcpiTypes.Enum<Role>().ShouldRefuse("\"HUB\"", "'HUB' is not a valid Role (allowed: CPO, EMSP, NAP, NSP, OTHER, SCSP)");
    }

    [Fact]
    public void a_closed_enum_is_case_sensitive() =>
        OcpiTypes.Enum<InterfaceRole>().ShouldRefuse("\"sender\"", "'sender' is not a valid InterfaceRole (allowed: SENDER, RECEIVER)");

    [Fact]
    public void a_closed_enum_refuses_a_number() =>
        OcpiTypes.Enum<InterfaceRole>().ShouldRefuse("0", "expected InterfaceRole, got a number");

    [Fact]
    public void an_enum_built_from_names_uses_them()
    {
        var type = OcpiTypes.Enum("TaxIncluded", "YES", "NO", "N/A");

        type.Name.ShouldBe("TaxIncluded");
        type.Values.ShouldBe(["YES", "NO", "N/A"]);
        type.ShouldAccept("\"N/A\"");
        type.ShouldRefuse("\"MAYBE\"", "(allowed: YES, NO, N/A)");
    }

    [Theory]
    [InlineData("credentials")]
    [InlineData("invoicereconciliation")]
    [InlineData("nltnm-tokens")]
    [InlineData("Booking")]
    [InlineData("")]
    public void an_open_enum_accepts_any_string(string value) => OcpiTypes.OpenEnum("ModuleID").ShouldAccept($"\"{value}\"");

    [Fact]
    public void an_open_enum_refuses_a_non_string() =>
        OcpiTypes.OpenEnum("ModuleID").ShouldRefuse("42", "expected ModuleID, got a number");

    [Fact]
    public void an_open_enum_refuses_text_beyond_its_maximum_length()
    {
        OcpiTypes.OpenEnum("ImageCategory").ShouldAccept($"\"{new string('A', 255)}\"");
        OcpiTypes.OpenEnum("ImageCategory").ShouldRefuse($"\"{new string('A', 256)}\"", "too long (max 255 characters)");
        OcpiTypes.OpenEnum("Short", 3).ShouldRefuse("\"ABCD\"", "too long (max 3 characters)");
    }
}
