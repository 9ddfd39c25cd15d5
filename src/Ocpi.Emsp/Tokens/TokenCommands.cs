using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Tokens.Push;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Tokens;
using Wolverine.Marten;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Creates and changes our tokens (internal API). Each change is appended to the token's stream and, in the same
/// transaction, a push to the CPOs is enrolled in Wolverine's durable outbox.
/// </summary>
public sealed class TokenCommands(IDocumentSession session, IMartenOutbox outbox, TokenDirectory directory, IOptions<EmspOptions> options, TimeProvider clock)
{
    public PartyRef Us => options.Value.Party;

    public string KeyOf(string uid, string type) => TokenView.KeyOf(Us, uid, type);

    /// <summary>PUT: creates or replaces. Returns (created, view) or the validation problem.</summary>
    public async Task<(IResult? Problem, TokenView? View, bool Created)> PutAsync(HttpContext http, string uid, string? type, JsonElement body)
    {
        var validation = TokenSchemas.Token.Validate(body);
        if (!validation.IsValid) return (Problem(validation.Errors.Select(e => (e.Path, e.Message))), null, false);
        var token = JsonObject.Create(body)!;
        var tokenType = type ?? OcpiPayload.String(token, "type")!;
        var ownership = Mismatches(token, uid, tokenType).ToList();
        if (ownership.Count > 0) return (Problem(ownership), null, false);

        var key = KeyOf(uid, tokenType);
        var stream = await session.Events.FetchForExclusiveWriting<TokenView>(key, http.RequestAborted);
        if (stream.Aggregate is { } held && OcpiPayload.LastUpdated(token) < held.LastUpdated)
            return (Problem([("last_updated", "must not move backwards: partners sync on it")]), null, false);
        stream.AppendOne(stream.Aggregate is null
            ? new TokenIssued(OcpiPayload.String(token, "country_code")!, OcpiPayload.String(token, "party_id")!, uid, tokenType, token)
            : new TokenReplaced(token));
        var view = await CommitAsync(http, key, stream.Aggregate?.Version ?? 0);
        return (null, view, stream.Aggregate is null);
    }

    /// <summary>PATCH: changes some fields; last_updated is set to now when the caller did not send it.</summary>
    public async Task<(IResult? Problem, TokenView? View)> PatchAsync(HttpContext http, string uid, string type, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return (Problem([("(body)", "expected a partial Token object")]), null);
        var patch = JsonObject.Create(body)!;
        var stampedByUs = !patch.ContainsKey("last_updated");
        if (stampedByUs) patch["last_updated"] = OcpiDateTime.Format(clock.GetUtcNow());
        var validation = TokenSchemas.Token.ValidatePartial(JsonSerializer.SerializeToElement(patch), "last_updated");
        if (!validation.IsValid) return (Problem(validation.Errors.Select(e => (e.Path, e.Message))), null);
        var identity = new[] { "country_code", "party_id", "uid", "type" }.Where(patch.ContainsKey).ToList();
        if (identity.Count > 0) return (Problem(identity.Select(f => (f, "identifies the token and cannot be patched"))), null);

        var key = KeyOf(uid, type);
        var stream = await session.Events.FetchForExclusiveWriting<TokenView>(key, http.RequestAborted);
        if (stream.Aggregate is not { } held) return (Results.NotFound(), null);
        if (stampedByUs && OcpiPayload.LastUpdated(patch) <= held.LastUpdated)
            patch["last_updated"] = OcpiDateTime.Format(held.LastUpdated.AddMilliseconds(1));
        if (OcpiPayload.LastUpdated(patch) < held.LastUpdated)
            return (Problem([("last_updated", "must not move backwards: partners sync on it")]), null);
        stream.AppendOne(new TokenPatched(patch));
        return (null, await CommitAsync(http, key, held.Version));
    }

    public async Task<TokenView?> SetPolicyAsync(HttpContext http, string uid, string type, TokenPolicy policy)
    {
        var key = KeyOf(uid, type);
        var stream = await session.Events.FetchForExclusiveWriting<TokenView>(key, http.RequestAborted);
        if (stream.Aggregate is null) return null;
        stream.AppendOne(new TokenPolicySet(policy));
        session.StampFromInternalRequest(http);
        await session.SaveChangesAsync(http.RequestAborted);
        return await RememberAsync(key, http.RequestAborted);
    }

    private async Task<TokenView> CommitAsync(HttpContext http, string key, long previousVersion)
    {
        session.StampFromInternalRequest(http);
        outbox.Enroll(session);
        await outbox.PublishAsync(new TokenChanged(key, previousVersion + 1));
        await session.SaveChangesAsync(http.RequestAborted);
        return (await RememberAsync(key, http.RequestAborted))!;
    }

    /// <summary>The committed view, also handed to this node's token directory so authorization sees the change at once.</summary>
    private async Task<TokenView?> RememberAsync(string key, CancellationToken ct)
    {
        var view = await session.LoadAsync<TokenView>(key, ct);
        if (view is not null) directory.Remember(view);
        return view;
    }

    private IEnumerable<(string, string)> Mismatches(JsonObject token, string uid, string type)
    {
        if (!string.Equals(OcpiPayload.String(token, "country_code"), Us.CountryCode, StringComparison.OrdinalIgnoreCase))
            yield return ("country_code", $"must be our own country code {Us.CountryCode}");
        if (!string.Equals(OcpiPayload.String(token, "party_id"), Us.PartyId, StringComparison.OrdinalIgnoreCase))
            yield return ("party_id", $"must be our own party id {Us.PartyId}");
        if (!string.Equals(OcpiPayload.String(token, "uid"), uid, StringComparison.OrdinalIgnoreCase))
            yield return ("uid", "differs from the uid in the URL");
        if (!string.Equals(OcpiPayload.String(token, "type"), type, StringComparison.Ordinal))
            yield return ("type", "differs from the type in the URL");
    }

    private static IResult Problem(IEnumerable<(string Field, string Message)> errors) => Results.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
}
