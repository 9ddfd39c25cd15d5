using System.Text.Json;

namespace Ocpi.Protocol.Validation;

/// <summary>A value type of a field table (string(n), CiString(n), DateTime, enum, class...).</summary>
public abstract class FieldType
{
    /// <summary>How the spec names this type, used in messages ("expected CiString(3)").</summary>
    public abstract string Name { get; }

    /// <summary>Checks one non-null JSON value; reports violations under <paramref name="path"/>.</summary>
    public abstract void Validate(JsonElement value, string path, ValidationResult result);

    protected void WrongType(JsonElement value, string path, ValidationResult result) =>
        result.Add(path, $"expected {Name}, got {Describe(value.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
