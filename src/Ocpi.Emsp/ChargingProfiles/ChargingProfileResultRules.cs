using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// Which result counts. The first result of a request the CPO accepted (or has not answered yet: a result may overtake
/// the synchronous answer) is applied. A result after our timeout ("late") or for a request the CPO refused or never got
/// ("not_expected") is recorded as ignored, so a finished request is never revived silently; so is a second result of a
/// request that has one ("duplicate"), as the commands do: the audit trail shows everything the CPO told us.
/// </summary>
public static class ChargingProfileResultRules
{
    public const string Late = "late";
    public const string NotExpected = "not_expected";
    public const string Duplicate = "duplicate";

    /// <summary>Null when the stream holds no request of that id and kind (the URL names nothing we sent).</summary>
    public static CallbackOutcome? Decide(ChargingProfileView view, string requestId, string kind, JsonObject body)
    {
        if (view.Request(requestId) is not { } request || request.Kind != kind) return null;
        var result = body["result"]!.GetValue<string>();
        if (request.Result is null && request.AwaitsResult)
            return CallbackOutcome.Applied(new ChargingProfileResultReceived(requestId, kind, result, body));
        var reason = request.Result is not null ? Duplicate : request.Status == ChargingProfileKinds.Timeout ? Late : NotExpected;
        return CallbackOutcome.Ignored(new ChargingProfileResultIgnored(requestId, kind, reason, result, body),
            $"Result recorded but not applied ({reason})");
    }
}
