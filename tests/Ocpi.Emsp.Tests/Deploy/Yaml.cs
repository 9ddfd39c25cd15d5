using YamlDotNet.Serialization;

namespace Ocpi.Emsp.Tests.Deploy;

/// <summary>YAML read as plain maps, lists and strings (scalars stay strings, as Kubernetes and compose receive them).</summary>
internal static class Yaml
{
    public static Dictionary<object, object> Load(string file) =>
        Map(new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(file))
            ?? throw new InvalidOperationException($"{file} is empty"));

    public static Dictionary<object, object> Map(object node) =>
        node as Dictionary<object, object> ?? throw new InvalidOperationException($"expected a map, got {node}");

    public static List<object> List(object node) =>
        node as List<object> ?? throw new InvalidOperationException($"expected a list, got {node}");
}
