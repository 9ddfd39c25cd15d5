using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class ObjectSchemaPartialTests
{
    private static readonly ObjectSchema Evse = new ObjectSchema("EVSE")
        .Required("uid", OcpiTypes.CiString(36))
        .Required("status", OcpiTypes.Enum("Status", "AVAILABLE", "CHARGING"))
        .Many("capabilities", OcpiTypes.OpenEnum("Capability"))
        .Optional("physical_reference", OcpiTypes.String(16))
        .Required("last_updated", OcpiTypes.DateTime);

    [Fact]
    public void only_present_fields_are_checked()
    {
        var result = Evse.ValidatePartial(TestJson.Parse("""{"status":"CHARGING","last_updated":"2015-06-29T20:39:09Z"}"""),
            "last_updated");

        result.IsValid.ShouldBeTrue(result.Describe());
    }

    [Fact]
    public void an_always_required_field_that_is_missing_is_reported()
    {
        var result = Evse.ValidatePartial(TestJson.Parse("""{"status":"CHARGING"}"""), "last_updated");

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("last_updated", "required field is missing"));
    }

    [Fact]
    public void an_always_required_field_that_is_null_is_reported()
    {
        var result = Evse.ValidatePartial(TestJson.Parse("""{"status":"CHARGING","last_updated":null}"""), "last_updated");

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("last_updated");
    }

    [Fact]
    public void without_always_required_names_an_empty_body_is_valid()
    {
        Evse.ValidatePartial(TestJson.Parse("{}")).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void present_fields_must_still_be_valid()
    {
        var result = Evse.ValidatePartial(
            TestJson.Parse("""{"status":"BROKEN","capabilities":[],"physical_reference":5,"last_updated":"soon"}"""), "last_updated");

        result.Errors.Select(e => e.Path).ShouldBe(["status", "physical_reference", "last_updated"]);
        result.Errors[0].Message.ShouldContain("allowed: AVAILABLE, CHARGING");
    }

    [Fact]
    public void a_present_at_least_one_list_must_still_be_non_empty()
    {
        var schema = new ObjectSchema("X").AtLeastOne("items", OcpiTypes.String(3)).Required("last_updated", OcpiTypes.DateTime);

        var result = schema.ValidatePartial(TestJson.Parse("""{"items":[],"last_updated":"2015-06-29T20:39:09Z"}"""), "last_updated");

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("items", "must contain at least one element"));
    }

    [Fact]
    public void unknown_fields_are_accepted()
    {
        Evse.ValidatePartial(TestJson.Parse("""{"brand_new":1,"last_updated":"2015-06-29T20:39:09Z"}"""), "last_updated")
            .IsValid.ShouldBeTrue();
    }

    [Fact]
    public void a_body_that_is_not_an_object_is_refused()
    {
        Evse.ValidatePartial(TestJson.Parse("[]"), "last_updated").Errors.ShouldHaveSingleItem()
            .ShouldBe(new ValidationError("(body)", "expected EVSE, got an array"));
    }
}
