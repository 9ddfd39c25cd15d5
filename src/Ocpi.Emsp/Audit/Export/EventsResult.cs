using Marten;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>
/// Events written to the response as they are read from PostgreSQL: NDJSON (<c>application/x-ndjson</c>) or one JSON
/// array. The status and headers go first; a failure midway ends the response early (the client sees a truncated body).
/// </summary>
public sealed class EventsResult(IDocumentStore store, EventFilter filter, bool ndjson) : IResult, IEndpointMetadataProvider
{
    public const string NdjsonContentType = "application/x-ndjson";

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ndjson ? NdjsonContentType : "application/json; charset=utf-8";
        // A proxy must pass lines on as they come, not collect the whole export.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var ct = http.RequestAborted;
        var rows = new StoredEvents(store).ReadAsync(filter, ct);
        if (ndjson) await EventLineWriter.WriteNdjsonAsync(http.Response.BodyWriter, rows, null, ct);
        else await EventLineWriter.WriteArrayAsync(http.Response.BodyWriter, rows, ct);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ExportedEvent), [NdjsonContentType, "application/json"]));
}

/// <summary>One event as the audit shows it (the OpenAPI description of an NDJSON line or array item; written by AuditEventLine).</summary>
public sealed record ExportedEvent(long Seq, string Stream, long Version, string Type, string Timestamp,
    IDictionary<string, object> Metadata, object Data, string? Link);
