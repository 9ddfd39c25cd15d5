using System.Diagnostics;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Telemetry;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Tokens;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Real-time authorization (mod_tokens.asciidoc "Real-time authorization"): the token from memory (or, for a token this
/// node has not seen yet, one read of the token view by key), a decision from the token and our policy, and the decision
/// stored as an event before we answer.
/// Unknown token: HTTP 404 + 2004 without data. Known token: 1000 with ALLOWED, BLOCKED (valid=false), EXPIRED,
/// NO_CREDIT or NOT_ALLOWED (location restriction). A location-restricted token without a location: 2002.
/// Opening hours and EVSE status are never considered (the spec forbids it).
/// </summary>
public sealed class TokenAuthorizer(IDocumentStore store, TokenDirectory directory, AuthorizationRecorder recorder, IOptions<EmspOptions> options,
    TimeProvider clock, EmspMetrics metrics)
{
    private const string Refused = "refused";
    private const string UnknownToken = "unknown_token";

    /// <summary>Decides, and times it (decision stored included) into emsp.authorization.duration by partner and outcome.</summary>
    public async Task<IResult> AuthorizeAsync(HttpContext http, string uid, string? type)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = Refused;
        try
        {
            (var answer, outcome) = await DecideAsync(http, uid, type);
            return answer;
        }
        finally
        {
            metrics.Authorization((http.Items[typeof(AuthenticatedPartner)] as AuthenticatedPartner)?.Partner, outcome, started);
        }
    }

    private async Task<(IResult Answer, string Outcome)> DecideAsync(HttpContext http, string uid, string? type)
    {
        if (uid.Length > 36 || !uid.All(c => c is > ' ' and <= '~')) return (OcpiResults.InvalidParameters("token_uid in the URL must be a CiString(36)"), Refused);
        if (type is { Length: > 0 } && (type.Length > 255 || !type.All(c => c is > ' ' and <= '~')))
            return (OcpiResults.InvalidParameters("type in the query must be a TokenType (printable ASCII, at most 255 characters)"), Refused);
        var tokenType = string.IsNullOrEmpty(type) ? TokenSchemas.DefaultType : type;
        var (requested, failure) = await ReadLocationAsync(http);
        if (failure is not null) return (failure, Refused);

        var token = await FindAsync(TokenView.KeyOf(options.Value.Party, uid, tokenType), http.RequestAborted);
        if (token is null) return (OcpiResults.NotFound(OcpiStatusCode.UnknownToken, $"Unknown token {uid} of type {tokenType}"), UnknownToken);

        var requester = http.Routing().From;
        var decision = Decide(token, requested, requester);
        if (decision is null) return (OcpiResults.Error(StatusCodes.Status200OK, OcpiStatusCode.NotEnoughInformation,
            "This token may only charge at specific locations: send LocationReferences"), Refused);

        var reference = Guid.NewGuid().ToString("N");
        var allowed = decision.Value.Allowed == "ALLOWED";
        var partnerId = http.Caller().Partner.Id;
        await recorder.RecordAsync(new AuthorizationDecided(reference, token.Key, token.Field("uid") ?? uid, token.Field("type") ?? tokenType, token.Field("contract_id"), partnerId,
            requester?.ToString(), requested, decision.Value.Allowed, decision.Value.Location, allowed), http, partnerId);

        return (OcpiResults.Ok(new AuthorizationInfo(decision.Value.Allowed, token.Token, decision.Value.Location, allowed ? reference : null)),
            decision.Value.Allowed);
    }

    private async Task<AuthorizableToken?> FindAsync(string key, CancellationToken ct)
    {
        if (directory.TryGet(key, out var known)) return known;
        await using var session = store.QuerySession();
        return await session.LoadAsync<TokenView>(key, ct) is { } view ? directory.Remember(view) : null;
    }

    /// <returns>The decision, or null when a location is needed and none was given.</returns>
    private (string Allowed, JsonObject? Location)? Decide(AuthorizableToken token, JsonObject? requested, PartyRef? requester)
    {
        var policy = token.Policy;
        if (!token.Valid) return ("BLOCKED", null);
        if (policy.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow()) return ("EXPIRED", null);
        if (policy.NoCredit) return ("NO_CREDIT", null);
        if (!policy.RestrictsLocations) return ("ALLOWED", requested);
        if (requested is null) return null;

        var locationId = OcpiPayload.String(requested, "location_id");
        var match = policy.AllowedLocations!.FirstOrDefault(a =>
            string.Equals(a.LocationId, locationId, StringComparison.OrdinalIgnoreCase) &&
            (requester is null || new PartyRef(a.CountryCode, a.PartyId).Equals(requester.Value)));
        if (match is null) return ("NOT_ALLOWED", null);

        var asked = (requested["evse_uids"] as JsonArray ?? []).Select(e => e!.GetValue<string>()).ToList();
        var granted = match.EvseUids is null ? asked
            : asked.Count == 0 ? [.. match.EvseUids]
            : asked.Where(a => match.EvseUids.Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();
        if (asked.Count > 0 && granted.Count == 0) return ("NOT_ALLOWED", null);
        var location = new JsonObject { ["location_id"] = locationId };
        if (granted.Count > 0) location["evse_uids"] = new JsonArray([.. granted.Select(g => (JsonNode)g)]);
        return ("ALLOWED", location);
    }

    private static async Task<(JsonObject? Location, IResult? Failure)> ReadLocationAsync(HttpContext http)
    {
        if (http.Request.ContentLength == 0) return (null, null);
        var (document, failure) = await OcpiBody.ParseAsyncAllowingEmpty(http.Request, http.RequestAborted);
        if (failure is not null) return (null, failure);
        if (document is null || document.Value.ValueKind == System.Text.Json.JsonValueKind.Null) return (null, null);
        var validation = TokenSchemas.LocationReferences.Validate(document.Value);
        return validation.IsValid ? (SpecFieldsOf(document.Value), null) : (null, OcpiResults.InvalidParameters(validation.Describe()));
    }

    /// <summary>
    /// Only the fields of LocationReferences are kept (they go into the decision event): a partner's unknown fields
    /// have no meaning for the decision and would otherwise be stored with every authorization.
    /// </summary>
    private static JsonObject SpecFieldsOf(System.Text.Json.JsonElement references)
    {
        var kept = new JsonObject { ["location_id"] = references.GetProperty("location_id").GetString() };
        if (references.TryGetProperty("evse_uids", out var uids) && uids.ValueKind == System.Text.Json.JsonValueKind.Array)
            kept["evse_uids"] = new JsonArray([.. uids.EnumerateArray().Select(u => (JsonNode?)u.GetString())]);
        return kept;
    }
}

/// <summary>AuthorizationInfo (mod_tokens.asciidoc): the answer to a real-time authorization.</summary>
public sealed record AuthorizationInfo(string Allowed, RawJson Token, JsonObject? Location, string? AuthorizationReference);
