using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class ObjectSchemaCardinalityTests
{
    private static readonly ObjectSchema Item = new ObjectSchema("Item").Required("id", OcpiTypes.CiString(3));

    private static readonly ObjectSchema Thing = new ObjectSchema("Thing")
        .Required("id", OcpiTypes.CiString(36))
        .Optional("name", OcpiTypes.String(10))
        .Many("tags", OcpiTypes.String(5))
        .AtLeastOne("items", Item);

    private static ValidationResult Validate(string json) => Thing.Validate(TestJson.Parse(json));

    private static void ShouldBeValid(string json)
    {
        var result = Validate(json);
        result.IsValid.ShouldBeTrue(result.Describe());
    }

    private static void ShouldHaveOnlyError(string json, string path, string message)
    {
        var error = Validate(json).Errors.ShouldHaveSingleItem();
        error.ShouldBe(new ValidationError(path, message));
    }

    [Fact]
    public void a_complete_object_is_valid() =>
        ShouldBeValid("""{"id":"T1","name":"n","tags":["a"],"items":[{"id":"I1"}]}""");

    [Fact]
    public void a_required_field_that_is_missing_is_reported() =>
        ShouldHaveOnlyError("""{"items":[{"id":"I1"}]}""", "id", "required field is missing");

    [Fact]
    public void a_required_field_that_is_null_is_reported_as_missing() =>
        ShouldHaveOnlyError("""{"id":null,"items":[{"id":"I1"}]}""", "id", "required field is missing");

    [Theory]
    [InlineData("""{"id":"T1","items":[{"id":"I1"}]}""")]
    [InlineData("""{"id":"T1","name":null,"items":[{"id":"I1"}]}""")]
    public void an_optional_field_may_be_absent_or_null(string json) => ShouldBeValid(json);

    [Theory]
    [InlineData("""{"id":"T1","items":[{"id":"I1"}]}""")]
    [InlineData("""{"id":"T1","tags":null,"items":[{"id":"I1"}]}""")]
    [InlineData("""{"id":"T1","tags":[],"items":[{"id":"I1"}]}""")]
    public void a_many_list_accepts_absent_null_and_empty(string json) => ShouldBeValid(json);

    [Fact]
    public void an_at_least_one_list_refuses_empty() =>
        ShouldHaveOnlyError("""{"id":"T1","items":[]}""", "items", "must contain at least one element");

    [Fact]
    public void an_at_least_one_list_refuses_absent() =>
        ShouldHaveOnlyError("""{"id":"T1"}""", "items", "required field is missing");

    [Fact]
    public void an_at_least_one_list_refuses_null() =>
        ShouldHaveOnlyError("""{"id":"T1","items":null}""", "items", "required field is missing");

    [Fact]
    public void a_list_field_refuses_a_single_value() =>
        ShouldHaveOnlyError("""{"id":"T1","tags":"a","items":[{"id":"I1"}]}""", "tags", "expected a list of string(5)");

    [Fact]
    public void a_null_list_element_is_refused_at_its_index() =>
        ShouldHaveOnlyError("""{"id":"T1","tags":["a",null],"items":[{"id":"I1"}]}""", "tags[1]", "null is not a valid list element");

    [Fact]
    public void an_invalid_list_element_is_reported_at_its_index() =>
        ShouldHaveOnlyError("""{"id":"T1","tags":["ok","toolong"],"items":[{"id":"I1"}]}""", "tags[1]", "too long (7 characters, max 5)");

    [Fact]
    public void errors_inside_nested_objects_are_reported_by_full_path()
    {
        var result = Validate("""{"id":"T1","items":[{"id":"I1"},{"id":"TOOLONG"},{}]}""");

        result.Errors.ShouldBe([
            new ValidationError("items[1].id", "too long (7 characters, max 3)"),
            new ValidationError("items[2].id", "required field is missing"),
        ]);
    }

    [Fact]
    public void a_nested_object_of_the_wrong_kind_is_refused_by_path() =>
        ShouldHaveOnlyError("""{"id":"T1","items":["I1"]}""", "items[0]", "expected Item, got a string");

    [Fact]
    public void every_violation_is_reported_not_just_the_first()
    {
        var result = Validate("""{"name":"much too long a name","tags":[1],"items":[]}""");

        result.Errors.Select(e => e.Path).ShouldBe(["id", "name", "tags[0]", "items"]);
    }

    [Fact]
    public void unknown_fields_are_accepted_at_every_level() =>
        ShouldBeValid("""{"id":"T1","future":{"x":1},"items":[{"id":"I1","also_new":[null,"x"]}],"extra":null}""");

    [Theory]
    [InlineData("[]", "got an array")]
    [InlineData("\"x\"", "got a string")]
    [InlineData("null", "got null")]
    public void a_body_that_is_not_an_object_is_refused_as_a_whole(string json, string got) =>
        ShouldHaveOnlyError(json, "(body)", "expected Thing, " + got);

    [Fact]
    public void field_specs_know_whether_they_are_lists()
    {
        Thing.Fields.Select(f => (f.Name, f.IsList)).ShouldBe([("id", false), ("name", false), ("tags", true), ("items", true)]);
    }
}
