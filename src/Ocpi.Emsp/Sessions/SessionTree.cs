using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Sessions;

/// <summary>The receiver's rules for changing a Session (mod_sessions.asciidoc, "PATCH method").</summary>
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
                foreach (var period in added) periods.Add(period?.DeepClone());
            }
            else
            {
                session[name] = value?.DeepClone();
            }
        }
    }
}
