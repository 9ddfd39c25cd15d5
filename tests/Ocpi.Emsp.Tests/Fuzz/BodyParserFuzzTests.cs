using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using FsCheck.Fluent;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Tests.Fuzz;

/// <summary>
/// The body reader and the PATCH merge under generated hostile bodies, in process (thousands of cases in seconds): the
/// reader answers every input with a document or a 400/2001 refusal, never an exception; what it accepts can be read,
/// merged, validated and serialized without an exception, and serializes back to what was sent.
/// </summary>
public sealed class BodyParserFuzzTests
{
    private static readonly PartyRef Owner = new("NL", "TNM");

    private static byte[] Bytes(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());

    private static readonly byte[][] Bases =
    [
        Bytes(SpecExamples.OwnedBy("location_example.json", Owner)),
        Bytes(SpecExamples.OwnedBy("session_example_2_short_finished.json", Owner)),
        Bytes(SpecExamples.OwnedBy("cdr_example.json", Owner)),
        Bytes(SpecExamples.Load("location_patch_example_status.json")),
        Bytes(SpecExamples.Load("session_patch_example_charging_period.json")),
    ];

    [Fact]
    public void the_body_reader_answers_every_hostile_body_with_a_document_or_a_400_or_2001_refusal()
    {
        var bodies = HostileGen.Sample(Gen.Elements(Bases).SelectMany(HostileGen.Mutated), 2000);
        int accepted = 0, refused = 0;
        foreach (var body in bodies)
        {
            var (document, failure) = OcpiBody.Parse(new ReadOnlySequence<byte>(body));
            if (failure is OcpiResult<object> refusal)
            {
                refused++;
                (refusal.HttpStatus, refusal.Envelope.StatusCode).ShouldBeOneOf((400, 2000), (200, 2001));
                continue;
            }
            accepted++;
            Utf8.IsValid(body).ShouldBeTrue("a body that is not UTF-8 was accepted");
            ReadEverything(document!.Value);
            var written = JsonSerializer.SerializeToUtf8Bytes(JsonNode.Parse(body), OcpiJson.Options);
            JsonElement.DeepEquals(JsonDocument.Parse(written).RootElement, document.Value).ShouldBeTrue();
        }
        accepted.ShouldBeGreaterThan(100);
        refused.ShouldBeGreaterThan(600);
    }

    [Fact]
    public void patches_the_reader_accepts_merge_validate_and_serialize_without_an_exception()
    {
        var location = SpecExamples.OwnedBy("location_example.json", Owner);
        var session = SpecExamples.OwnedBy("session_example_2_short_finished.json", Owner);
        var evseUid = location["evses"]![0]!["uid"]!.GetValue<string>();
        var connectorId = location["evses"]![0]!["connectors"]![0]!["id"]!.GetValue<string>();
        var patches = HostileGen.Sample(Gen.Elements(Bases).SelectMany(HostileGen.Mutated), 800, HostileGen.Seed + 1);
        var merged = 0;
        foreach (var body in patches)
        {
            var (document, failure) = OcpiBody.Parse(new ReadOnlySequence<byte>(body));
            if (failure is not null || document!.Value.ValueKind != JsonValueKind.Object) continue;
            merged++;
            var patch = JsonObject.Create(document.Value)!;
            foreach (Action<JsonObject> merge in new Action<JsonObject>[]
                     {
                         l => LocationTree.PatchLocation(l, patch),
                         l => LocationTree.PatchEvse(l, evseUid, patch),
                         l => LocationTree.PatchConnector(l, evseUid, connectorId, patch),
                     })
            {
                var result = (JsonObject)location.DeepClone();
                merge(result);
                Check(LocationSchemas.Location, result);
            }
            var patchedSession = (JsonObject)session.DeepClone();
            SessionTree.Patch(patchedSession, patch);
            Check(SessionSchemas.Session, patchedSession);
        }
        merged.ShouldBeGreaterThan(100);
    }

    private static void Check(ObjectSchema schema, JsonObject result)
    {
        var element = JsonSerializer.SerializeToElement(result, OcpiJson.Options);
        schema.Validate(element);
        ObjectLimits.Default.Check(schema, element);
        JsonNode.DeepEquals(JsonNode.Parse(element.GetRawText()), result).ShouldBeTrue();
    }

    /// <summary>Decodes every string and member name, as validation and binding would.</summary>
    private static void ReadEverything(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                element.GetString();
                break;
            case JsonValueKind.Number:
                element.TryGetDecimal(out _);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadEverything(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) ReadEverything(item);
                break;
        }
    }
}
