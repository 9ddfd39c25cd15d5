using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Audit;

/// <summary>
/// Metadata carried by every event we append: Marten's correlation id (X-Correlation-ID) and causation id
/// (X-Request-ID), plus headers naming the partner, the OCPI-from party and the receive time.
/// </summary>
public static class EventMetadata
{
    public const string PartnerHeader = "partner";
    public const string OcpiFromHeader = "ocpi_from";
    public const string RequestIdHeader = "request_id";
    public const string ReceivedAtHeader = "received_at";
    public const string SourceHeader = "source";

    /// <summary>For events caused by an OCPI request of a partner.</summary>
    public static EventStamp OcpiStamp(HttpContext http, string partnerId)
    {
        var ids = OcpiRequestIds.Of(http);
        var headers = new List<KeyValuePair<string, object>>(5)
        {
            new(SourceHeader, "ocpi"),
            new(PartnerHeader, partnerId),
            new(RequestIdHeader, ids.RequestId),
            new(ReceivedAtHeader, OcpiDateTime.Format(ids.ReceivedAt)),
        };
        if (http.Items[typeof(OcpiRouting)] is OcpiRouting { From: { } from }) headers.Add(new(OcpiFromHeader, from.ToString()));
        return new EventStamp(ids.CorrelationId, ids.RequestId, headers);
    }

    /// <summary>For events caused by a call to our internal API.</summary>
    public static EventStamp InternalStamp(HttpContext http, string? partnerId = null)
    {
        var ids = OcpiRequestIds.Of(http);
        var headers = new List<KeyValuePair<string, object>>(4)
        {
            new(SourceHeader, "internal-api"),
            new(RequestIdHeader, ids.RequestId),
            new(ReceivedAtHeader, OcpiDateTime.Format(ids.ReceivedAt)),
        };
        if (partnerId is not null) headers.Add(new(PartnerHeader, partnerId));
        return new EventStamp(ids.CorrelationId, ids.RequestId, headers);
    }

    /// <summary>
    /// For events made by pull sync: objects read from a partner's SENDER list. The request id is the X-Request-ID we
    /// sent for the page, the correlation id names the run (every page of one module's run).
    /// </summary>
    public static EventStamp PullStamp(string partnerId, string runId, string requestId, DateTimeOffset receivedAt) =>
        new(runId, requestId,
        [
            new(SourceHeader, "pull"),
            new(PartnerHeader, partnerId),
            new(RequestIdHeader, requestId),
            new(ReceivedAtHeader, OcpiDateTime.Format(receivedAt)),
        ]);

    public static void StampFromOcpiRequest(this IDocumentSession session, HttpContext http, string partnerId) =>
        OcpiStamp(http, partnerId).ApplyTo(session);

    public static void StampFromInternalRequest(this IDocumentSession session, HttpContext http, string? partnerId = null) =>
        InternalStamp(http, partnerId).ApplyTo(session);
}
