using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Tests;

/// <summary>Small helpers to build JSON inputs and compare JSON trees.</summary>
internal static class TestJson
{
    public static JsonElement Parse(string json) => JsonElement.Parse(json);

    /// <summary>Deserializes <paramref name="original"/> into <typeparamref name="T"/> with the OCPI options, serializes it back
    /// and asserts that both JSON trees are equal (property order ignored).</summary>
    public static T ShouldRoundTrip<T>(JsonNode original)
    {
        var typed = original.Deserialize<T>(OcpiJson.Options)
            ?? throw new ShouldAssertException($"{original.ToJsonString()} deserialized to null");
        var back = JsonSerializer.SerializeToNode(typed, OcpiJson.Options);
        JsonNode.DeepEquals(original, back).ShouldBeTrue(
            $"round trip changed the JSON.{Environment.NewLine}original: {original.ToJsonString()}{Environment.NewLine}" +
            $"written:  {back?.ToJsonString()}");
        return typed;
    }
}

/// <summary>The official example files, linked from tests/SpecExamples into the output folder.</summary>
internal static class SpecExample
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "SpecExamples");

    public static string Text(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        File.Exists(path).ShouldBeTrue($"spec example {fileName} not found in {Folder}");
        return File.ReadAllText(path);
    }

    public static JsonNode Node(string fileName) => JsonNode.Parse(Text(fileName))!;

    public static IEnumerable<string> Matching(string pattern) =>
        Directory.Exists(Folder) ? Directory.GetFiles(Folder, pattern).Select(Path.GetFileName).OfType<string>().Order() : [];
}
