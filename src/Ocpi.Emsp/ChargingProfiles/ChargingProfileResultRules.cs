using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// Which result counts. The first result of a request the CPO accepted (or has not answered yet: a result may overtake
/// the synchronous answer) is applied. A result after our timeout ("late") or for a request the CPO refused or never got
/// ("not_expected") is recorded as ignored, so a finished request is never revived silently. A second result of a request
/// that has one stores nothing and is answered 1000 with a message (OCPI has the CPO not retry).
/// </summary>
public static class ChargingProfileResultRules
{
    public const string Late = "late";
    public const string NotExpected = "not_expected";

    /// <summary>Null when the stream holds no request of that id and kind (the URL names nothing we sent).</summary>
    public static CallbackOutcome? Decide(ChargingProfileView view, string requestId, string kind, JsonObject body)
    {
        if (view.Request(requestId) is not { } request || request.Kind != kind) return null;
        if (request.Result is not null) return CallbackOutcome.Unchanged("A result was already recorded for this request");
        var result = body["result"]!.GetValue<string>();
        if (request.AwaitsResult) return CallbackOutcome.Applied(new ChargingProfileResultReceived(requestId, kind, result, body));
        var reason = request.Status == ChargingProfileKinds.Timeout ? Late : NotExpected;
        return CallbackOutcome.Ignored(new ChargingProfileResultIgnored(requestId, kind, reason, result, body),
            $"Result recorded but not applied ({reason})");
    }
}
