using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class ObjectLimitsTests
{
    private static readonly ObjectSchema Child = new ObjectSchema("Child").Required("id", OcpiTypes.CiString(36));
    private static readonly ObjectSchema Parent = new ObjectSchema("Parent").Required("id", OcpiTypes.CiString(36)).Many("children", Child);

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    [Fact]
    public void unknown_fields_are_counted_per_object_and_refused_naming_the_object_and_the_cap()
    {
        var limits = new ObjectLimits(100_000, 100);
        var ok = new JsonObject
        {
            ["id"] = "P", ["x"] = new string('a', 80),
            ["children"] = new JsonArray(new JsonObject { ["id"] = "C1", ["x"] = new string('b', 80) }, new JsonObject { ["id"] = "C2", ["x"] = new string('c', 80) }),
        };
        limits.Check(Parent, Element(ok)).IsValid.ShouldBeTrue();

        ok["children"]![1]!["y"] = "more than the rest allows";
        var result = limits.Check(Parent, Element(ok));
        result.Errors.Single().Path.ShouldBe("children[1]");
        result.Describe().ShouldContain("cap of 100 bytes of unknown fields per object");
    }

    [Fact]
    public void an_object_larger_than_the_cap_is_refused_naming_the_cap()
    {
        var limits = new ObjectLimits(1000, 100_000);
        var children = new JsonArray();
        for (var i = 0; i < 100; i++) children.Add(new JsonObject { ["id"] = $"CHILD{i}" });

        var result = limits.Check(Parent, Element(new JsonObject { ["id"] = "P", ["children"] = children }));

        result.Errors.Single().Path.ShouldBe("(body)");
        result.Describe().ShouldContain("more than the cap of 1000 bytes per object");
    }

    [Fact]
    public void the_size_is_that_of_compact_json_not_of_the_text_received()
    {
        var limits = new ObjectLimits(400, 100_000);
        var padded = "{\"id\":\"P\"," + new string(' ', 2000) + "\"children\":[]}";

        limits.Check(Parent, JsonDocument.Parse(padded).RootElement).IsValid.ShouldBeTrue();
    }
}
