using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests;

/// <summary>
/// Helpers for the Sessions, CDRs and Tariffs schema tests: edit a JSON document at a path (<c>cdr_location.evse_id</c>,
/// <c>tariffs[0].elements[0].restrictions</c>), validate it, and list a schema's field table ("name cardinality type").
/// </summary>
internal static partial class SchemaCheck
{
    // ----- field census -----

    public static string Card(Cardinality cardinality) => cardinality switch
    {
        Cardinality.One => "1",
        Cardinality.Optional => "?",
        Cardinality.Many => "*",
        Cardinality.AtLeastOne => "+",
        _ => throw new ArgumentOutOfRangeException(nameof(cardinality)),
    };

    /// <summary>Each field as "name cardinality type", cardinality in the spec's notation (1, ?, *, +).</summary>
    public static string[] FieldTable(ObjectSchema schema) =>
        schema.Fields.Select(f => $"{f.Name} {Card(f.Cardinality)} {f.Type.Name}").ToArray();

    public static FieldSpec Field(ObjectSchema schema, string name) => schema.Fields.Single(f => f.Name == name);

    // ----- validation -----

    public static ValidationResult Check(this ObjectSchema schema, JsonNode document) =>
        schema.Validate(JsonSerializer.SerializeToElement(document));

    public static void ShouldValidate(this ObjectSchema schema, JsonNode document)
    {
        var result = schema.Check(document);
        result.IsValid.ShouldBeTrue($"{schema.Name} refused: {result.Describe(20)}");
    }

    /// <summary>Asserts exactly one error, at <paramref name="path"/>, whose message contains <paramref name="messagePart"/>.</summary>
    public static ValidationError ShouldRefuse(this ObjectSchema schema, JsonNode document, string path, string messagePart)
    {
        var result = schema.Check(document);
        result.IsValid.ShouldBeFalse($"{schema.Name} accepted {document.ToJsonString()}");
        var error = result.Errors.ShouldHaveSingleItem(result.Describe(20));
        error.Path.ShouldBe(path);
        error.Message.ShouldContain(messagePart, Case.Sensitive);
        return error;
    }

    // ----- editing a copy of a document -----

    /// <summary>
    /// A copy of <paramref name="document"/> with the value at <paramref name="path"/> set: a property is created if absent,
    /// a list element (<c>dimensions[1]</c>) is replaced, or appended when the index equals the list's length.
    /// </summary>
    public static JsonNode With(this JsonNode document, string path, JsonNode? value)
    {
        var copy = document.DeepClone();
        var (parent, last) = Parent(copy, path);
        if (last is int index)
        {
            var list = parent.AsArray();
            if (index == list.Count) list.Add(value);
            else list[index] = value;
        }
        else parent.AsObject()[(string)last] = value;
        return copy;
    }

    /// <summary>Same as <see cref="With(JsonNode, string, JsonNode?)"/> with the value given as JSON text.</summary>
    public static JsonNode WithJson(this JsonNode document, string path, string json) => document.With(path, JsonNode.Parse(json));

    /// <summary>A copy of <paramref name="document"/> without the property (or list element) at <paramref name="path"/>.</summary>
    public static JsonNode Without(this JsonNode document, string path)
    {
        var copy = document.DeepClone();
        var (parent, last) = Parent(copy, path);
        if (last is int index) parent.AsArray().RemoveAt(index);
        else parent.AsObject().Remove((string)last).ShouldBeTrue($"{path} is not in the document");
        return copy;
    }

    /// <summary>The node at <paramref name="path"/> (e.g. <c>charging_periods[0].dimensions</c>).</summary>
    public static JsonNode At(this JsonNode document, string path) => Walk(document, Steps(path), path);

    /// <summary>A string of <paramref name="length"/> characters, as JSON text.</summary>
    public static string JsonString(int length, char c = 'x') => $"\"{new string(c, length)}\"";

    private static (JsonNode Parent, object Last) Parent(JsonNode document, string path)
    {
        var steps = Steps(path).ToList();
        return (Walk(document, steps[..^1], path), steps[^1]);
    }

    private static JsonNode Walk(JsonNode document, IEnumerable<object> steps, string path)
    {
        var node = document;
        foreach (var step in steps)
            node = (step is int index ? node[index] : node[(string)step]) ?? throw new ShouldAssertException($"{path} not found");
        return node;
    }

    private static IEnumerable<object> Steps(string path)
    {
        foreach (var segment in path.Split('.'))
        {
            var match = SegmentPattern().Match(segment);
            match.Success.ShouldBeTrue($"bad path segment '{segment}'");
            yield return match.Groups["name"].Value;
            foreach (Capture index in match.Groups["index"].Captures) yield return int.Parse(index.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\[(?<index>[0-9]+)\])*$")]
    private static partial Regex SegmentPattern();
}
