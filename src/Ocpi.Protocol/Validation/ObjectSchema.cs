using System.Text.Json;

namespace Ocpi.Protocol.Validation;

/// <summary>
/// A field table of the spec as code: each field with its type and cardinality. Validation reports every violation by
/// path; fields that are not in the table are accepted (OCPI 2.3.0 forbids rejecting them).
/// </summary>
public sealed class ObjectSchema(string name) : FieldType
{
    private readonly List<FieldSpec> _fields = [];
    private readonly Dictionary<string, FieldSpec> _byName = new(StringComparer.Ordinal);
    private readonly List<Action<JsonElement, string, ValidationResult>> _rules = [];

    public override string Name { get; } = name;
    public IReadOnlyList<FieldSpec> Fields => _fields;

    /// <summary>The field of this table with that name, or null for a field the table does not know.</summary>
    public FieldSpec? Field(string name) => _byName.GetValueOrDefault(name);

    public ObjectSchema Required(string field, FieldType type) => Add(field, type, Cardinality.One);
    public ObjectSchema Optional(string field, FieldType type) => Add(field, type, Cardinality.Optional);
    public ObjectSchema Many(string field, FieldType type) => Add(field, type, Cardinality.Many);
    public ObjectSchema AtLeastOne(string field, FieldType type) => Add(field, type, Cardinality.AtLeastOne);

    /// <summary>
    /// A rule across fields that a table cannot express (e.g. "regular_hours only when twentyfourseven is false").
    /// It runs on whole objects (PUT), after the fields; it receives the object and its path.
    /// </summary>
    public ObjectSchema Rule(Action<JsonElement, string, ValidationResult> rule)
    {
        _rules.Add(rule);
        return this;
    }

    private ObjectSchema Add(string field, FieldType type, Cardinality cardinality)
    {
        var spec = new FieldSpec(field, type, cardinality);
        _fields.Add(spec);
        _byName[field] = spec;
        return this;
    }

    /// <summary>Validates a whole document against this table.</summary>
    public ValidationResult Validate(JsonElement document)
    {
        var result = new ValidationResult();
        if (document.ValueKind != JsonValueKind.Object) WrongType(document, "(body)", result);
        else Validate(document, "", result);
        return result;
    }

    /// <summary>Validates only the fields present (PATCH bodies): nothing is required, present values must be valid.</summary>
    public ValidationResult ValidatePartial(JsonElement document, params string[] alwaysRequired)
    {
        foreach (var name in alwaysRequired)
            if (_fields.All(f => f.Name != name)) throw new ArgumentException($"{Name} has no field '{name}'", nameof(alwaysRequired));
        var result = new ValidationResult();
        if (document.ValueKind != JsonValueKind.Object)
        {
            WrongType(document, "(body)", result);
            return result;
        }
        foreach (var field in _fields)
        {
            var present = document.TryGetProperty(field.Name, out var value) && value.ValueKind != JsonValueKind.Null;
            if (!present)
            {
                if (alwaysRequired.Contains(field.Name)) result.Add(field.Name, "required field is missing");
                continue;
            }
            field.Validate(value, field.Name, result);
        }
        return result;
    }

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            WrongType(value, path, result);
            return;
        }
        foreach (var field in _fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var present = value.TryGetProperty(field.Name, out var fieldValue) && fieldValue.ValueKind != JsonValueKind.Null;
            if (!present)
            {
                if (field.Cardinality is Cardinality.One or Cardinality.AtLeastOne)
                    result.Add(fieldPath, "required field is missing");
                continue;
            }
            field.Validate(fieldValue, fieldPath, result);
        }
        foreach (var rule in _rules) rule(value, path, result);
    }
}

public sealed record FieldSpec(string Name, FieldType Type, Cardinality Cardinality)
{
    public bool IsList => Cardinality is Cardinality.Many or Cardinality.AtLeastOne;

    internal void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (!IsList)
        {
            Type.Validate(value, path, result);
            return;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            result.Add(path, $"expected a list of {Type.Name}");
            return;
        }
        if (Cardinality == Cardinality.AtLeastOne && value.GetArrayLength() == 0)
            result.Add(path, "must contain at least one element");
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind == JsonValueKind.Null) result.Add(itemPath, "null is not a valid list element");
            else Type.Validate(item, itemPath, result);
        }
    }
}
