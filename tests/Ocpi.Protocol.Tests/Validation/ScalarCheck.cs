using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

/// <summary>Runs one field type against one JSON value placed at a nested path, as the object validator would.</summary>
internal static class ScalarCheck
{
    public const string Path = "roles[0].party_id";

    public static ValidationResult Run(FieldType type, string jsonValue)
    {
        var result = new ValidationResult();
        type.Validate(TestJson.Parse(jsonValue), Path, result);
        return result;
    }

    public static void ShouldAccept(this FieldType type, string jsonValue)
    {
        var result = Run(type, jsonValue);
        result.IsValid.ShouldBeTrue($"{type.Name} refused {jsonValue}: {result.Describe()}");
    }

    /// <summary>Asserts exactly one error, at <see cref="Path"/>, whose message contains <paramref name="messagePart"/>.</summary>
    public static ValidationError ShouldRefuse(this FieldType type, string jsonValue, string messagePart)
    {
        var result = Run(type, jsonValue);
        result.IsValid.ShouldBeFalse($"{type.Name} accepted {jsonValue}");
        var error = result.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe(Path);
        error.Message.ShouldContain(messagePart, Case.Sensitive);
        error.ToString().ShouldStartWith(Path + ": ");
        return error;
    }
}
