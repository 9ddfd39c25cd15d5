using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>The official OCPI 2.3.0 example files, copied next to the tests.</summary>
public static class SpecExamples
{
    public static JsonObject Load(string fileName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SpecExamples", fileName)))!.AsObject();

    /// <summary>An example object re-owned by the pushing CPO (the examples use their own parties).</summary>
    public static JsonObject OwnedBy(string fileName, PartyRef owner)
    {
        var json = Load(fileName);
        json["country_code"] = owner.CountryCode;
        json["party_id"] = owner.PartyId;
        return json;
    }

    public static IEnumerable<string> Named(string prefix) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "SpecExamples"), prefix + "*.json").Select(Path.GetFileName)!;
}
