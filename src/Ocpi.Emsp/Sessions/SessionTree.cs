using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Sessions;

/// <summary>
/// The receiver's rules for changing a Session (mod_sessions.asciidoc, "PATCH method"). Charging periods in a PATCH are
/// added to the held ones, except a period equal to one held: a PATCH repeated by a partner that got no answer (or a
/// server error) the first time must not count its periods twice.
/// </summary>
public static class SessionTree
{
    public static void Patch(JsonObject session, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (name == "charging_periods")
            {
                if (value is not JsonArray { Count: > 0 } added) continue;
                if (session["charging_periods"] is not JsonArray periods) session["charging_periods"] = periods = [];
                foreach (var period in added)
                    if (!periods.Any(held => JsonNode.DeepEquals(held, period))) periods.Add(period?.DeepClone());
            }
            else
            {
                session[name] = value?.DeepClone();
            }
        }
    }
}
