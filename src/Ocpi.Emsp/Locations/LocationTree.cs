using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Locations;

/// <summary>
/// The Location JSON tree and the receiver's rules for changing it (mod_locations.asciidoc): PUT replaces the addressed
/// object, PATCH replaces only the fields it carries (a list present replaces the whole list), and a change of an EVSE
/// or Connector moves the last_updated of its parents.
/// </summary>
public static class LocationTree
{
    public static JsonArray Evses(JsonObject location) => location["evses"] as JsonArray ?? [];

    public static JsonObject? FindEvse(JsonObject location, string uid) =>
        Evses(location).OfType<JsonObject>().FirstOrDefault(e => SameId(OcpiPayload.String(e, "uid"), uid));

    public static JsonObject? FindConnector(JsonObject evse, string id) =>
        (evse["connectors"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => SameId(OcpiPayload.String(c, "id"), id));

    public static void PutEvse(JsonObject location, string uid, JsonObject evse)
    {
        var evses = location["evses"] as JsonArray;
        if (evses is null) location["evses"] = evses = [];
        ReplaceOrAdd(evses, "uid", uid, evse.DeepClone());
        Touch(location, evse["last_updated"]);
    }

    public static void PutConnector(JsonObject location, string uid, string connectorId, JsonObject connector)
    {
        var evse = FindEvse(location, uid)!;
        var connectors = evse["connectors"] as JsonArray;
        if (connectors is null) evse["connectors"] = connectors = [];
        ReplaceOrAdd(connectors, "id", connectorId, connector.DeepClone());
        Touch(evse, connector["last_updated"]);
        Touch(location, connector["last_updated"]);
    }

    public static void PatchLocation(JsonObject location, JsonObject patch) => Merge(location, patch);

    public static void PatchEvse(JsonObject location, string uid, JsonObject patch)
    {
        Merge(FindEvse(location, uid)!, patch);
        Touch(location, patch["last_updated"]);
    }

    public static void PatchConnector(JsonObject location, string uid, string connectorId, JsonObject patch)
    {
        var evse = FindEvse(location, uid)!;
        Merge(FindConnector(evse, connectorId)!, patch);
        Touch(evse, patch["last_updated"]);
        Touch(location, patch["last_updated"]);
    }

    public static DateTimeOffset LastUpdated(JsonObject node) => OcpiPayload.LastUpdated(node);

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch) target[name] = value?.DeepClone();
    }

    private static void Touch(JsonObject parent, JsonNode? lastUpdated)
    {
        if (lastUpdated is not null) parent["last_updated"] = lastUpdated.DeepClone();
    }

    private static void ReplaceOrAdd(JsonArray list, string idField, string id, JsonNode item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject existing && SameId(OcpiPayload.String(existing, idField), id))
            {
                list[i] = item;
                return;
            }
        }
        list.Add(item);
    }

    private static bool SameId(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
