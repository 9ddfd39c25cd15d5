using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>What an asynchronous result does to the request it answers.</summary>
public sealed record CallbackOutcome(object? Event, string? Message)
{
    /// <summary>The awaited result: appended and applied, answered 1000.</summary>
    public static CallbackOutcome Applied(object @event) => new(@event, null);

    /// <summary>Recorded so every call of the partner stays visible, but changes nothing; answered 1000 with why.</summary>
    public static CallbackOutcome Ignored(object @event, string message) => new(@event, message);

    /// <summary>Nothing stored; answered 1000 with why.</summary>
    public static CallbackOutcome Unchanged(string message) => new(null, message);
}

/// <summary>
/// Where a result posted to one of our response_urls goes: the body's table, the stream of the request (null when the URL
/// names nothing we could have sent), its partner, and the decision on the locked view (null: no such request there).
/// </summary>
public sealed record AsyncResultTarget<TView>(string NotFoundMessage, ObjectSchema Schema, string? StreamKey,
    Func<TView, string> PartnerOf, Func<TView, JsonObject, CallbackOutcome?> Decide) where TView : class;

/// <summary>
/// The receiving side of every response_url we hand out (commands, charging profiles). The body is judged first, as on
/// every OCPI endpoint: not JSON is HTTP 400, a body that breaks its table is 2001. Only the partner the request was sent
/// to may answer it: for anyone else, as for an unknown or mistyped URL, the request does not exist (HTTP 404, OCPI 2001;
/// the spec leaves an unknown callback URL open) and nothing is stored. The decision is made on the request's stream
/// locked until the commit, so a result racing the CPO's synchronous answer, a timeout or a second result takes turns.
/// </summary>
public static class AsyncResultCallback
{
    public static async Task<IResult> ReceiveAsync<TView>(HttpContext http, IDocumentStore store, ILogger logger,
        AsyncResultTarget<TView> target) where TView : class
    {
        var (document, failure) = await OcpiBody.ParseAsync(http.Request, http.RequestAborted);
        if (failure is not null) return failure;
        var validation = target.Schema.Validate(document!.Value);
        if (!validation.IsValid) return OcpiResults.InvalidParameters(validation.Describe());
        if (target.StreamKey is not { } key) return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, target.NotFoundMessage);

        var caller = http.Caller().Partner;
        var body = JsonObject.Create(document.Value)!;
        var outcome = await LockedAppend.RunAsync<TView, CallbackOutcome?>(store, key, s => s.StampFromOcpiRequest(http, caller.Id), stream =>
        {
            if (stream.Aggregate is not { } held) return null;
            if (target.PartnerOf(held) is var owner && owner != caller.Id)
            {
                logger.LogWarning("Partner {PartnerId} posted a result to {Path} for a request of partner {Owner}: refused",
                    caller.Id, http.Request.Path.Value, owner);
                return null;
            }
            var decided = target.Decide(held, body);
            if (decided?.Event is { } @event) stream.AppendOne(@event);
            return decided;
        }, logger, http.RequestAborted);

        if (outcome is null) return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, target.NotFoundMessage);
        return outcome.Message is { } message ? OcpiResults.OkWithMessage(message) : OcpiResults.Ok();
    }
}
