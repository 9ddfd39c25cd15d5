using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Audit.Export;
using Ocpi.Emsp.Audit.State;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Audit;

/// <summary>
/// Internal API for auditors, over every stream: one stream's events, an object as we held it at an instant or version,
/// all events of a period as NDJSON, and what one partner told us. A stream key goes in one path segment, URL-encoded
/// (':' may stay as it is; '/', ' ', '%', '?' and '#' must be encoded).
/// </summary>
public static class AuditApi
{
    private const string StreamsPrefix = "/api/audit/streams/";

    public static void MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/audit").WithTags("Audit");
        api.MapGet("/streams/{stream_key}/events", StreamEventsAsync).WithName("GetAuditStreamEvents")
            .WithSummary("Every event of one stream (any kind), with its metadata and chain link, in order; the key URL-encoded in one segment");
        api.MapGet("/streams/{stream_key}/state", StreamStateAsync).WithName("GetAuditStreamState")
            .WithSummary("The object of a stream as we held it at an instant (at=RFC 3339) or a version (version=N): its events folded up to there");
        api.MapGet("/events", EventsAsync).WithName("ExportAuditEvents")
            .WithSummary("Events in sequence order as NDJSON (one event per line), streamed; from, to, partner, type and stream_prefix combine with AND");
        api.MapGet("/partners/{partner_id}/activity", PartnerActivityAsync).WithName("GetPartnerActivity")
            .WithSummary("What a partner told us in a period: its requests' events by module and type, with counts, first and last time");
    }

    private static async Task<Results<EventsResult, NotFound<ProblemDetails>>> StreamEventsAsync(string stream_key, HttpContext http, IQuerySession session,
        IDocumentStore store)
    {
        var key = StreamKey(http, stream_key);
        if (await session.Events.FetchStreamStateAsync(key, http.RequestAborted) is null)
            return TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"No stream {key}" });
        return new EventsResult(store, new EventFilter(Stream: key), ndjson: false);
    }

    private static async Task<Results<Ok<StreamStateAnswer>, NotFound<ProblemDetails>, ValidationProblem>> StreamStateAsync(string stream_key,
        [FromQuery(Name = "at")] string? at, [FromQuery(Name = "version")] string? version, HttpContext http, IQuerySession session)
    {
        var check = new QueryCheck();
        var instant = check.Instant("at", at);
        var wanted = check.Integer("version", version, 1, int.MaxValue);
        if (instant is not null && wanted is not null) check.Fail("version", "give either at or version, not both");
        if (check.Problem is { } problem) return problem;

        var key = StreamKey(http, stream_key);
        return await StreamStateRead.ReadAsync(session, key, instant, wanted, http.RequestAborted) is { } answer
            ? TypedResults.Ok(answer)
            : TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = wanted is null ? $"Stream {key} had no event at that time" : $"Stream {key} has no version {wanted}",
            });
    }

    private static Results<EventsResult, ValidationProblem> EventsAsync([AsParameters] EventFilterParameters parameters, IDocumentStore store)
    {
        var check = new QueryCheck();
        var filter = EventFilter.Parse(check, parameters, store);
        return check.Problem is { } problem ? problem : new EventsResult(store, filter, ndjson: true);
    }

    private static async Task<Results<Ok<PartnerActivityAnswer>, NotFound, ValidationProblem>> PartnerActivityAsync(string partner_id,
        [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, IDocumentStore store, IQuerySession session,
        CancellationToken ct)
    {
        var check = new QueryCheck();
        var since = check.Instant("from", from);
        var until = check.Instant("to", to);
        check.Period(since, until);
        if (check.Problem is { } problem) return problem;
        if (await session.LoadAsync<Partner>(partner_id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await PartnerActivity.ReadAsync(store, partner_id, since, until, ct));
    }

    /// <summary>
    /// The stream key as the client encoded it. The server decodes every escape of a path but %2F (so that an encoded
    /// '/' cannot split a segment): the key is taken from the raw request target and decoded once. Without a raw target
    /// (an in-memory test server) the route value is used, its %2F decoded.
    /// </summary>
    private static string StreamKey(HttpContext http, string routeValue)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith(StreamsPrefix, StringComparison.OrdinalIgnoreCase))
            return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var segment = raw[StreamsPrefix.Length..];
        var end = segment.IndexOfAny(['/', '?']);
        return Uri.UnescapeDataString(end < 0 ? segment : segment[..end]);
    }
}
