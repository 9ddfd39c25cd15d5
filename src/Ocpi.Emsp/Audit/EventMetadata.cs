using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Partners;
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
    public static void StampFromOcpiRequest(this IDocumentSession session, HttpContext http, string partnerId)
    {
        var ids = OcpiRequestIds.Of(http);
        session.CorrelationId = ids.CorrelationId;
        session.CausationId = ids.RequestId;
        session.SetHeader(SourceHeader, "ocpi");
        session.SetHeader(PartnerHeader, partnerId);
        session.SetHeader(RequestIdHeader, ids.RequestId);
        session.SetHeader(ReceivedAtHeader, OcpiDateTime.Format(ids.ReceivedAt));
        if (http.Items[typeof(OcpiRouting)] is OcpiRouting { From: { } from })
            session.SetHeader(OcpiFromHeader, from.ToString());
    }

    /// <summary>For events caused by a call to our internal API.</summary>
    public static void StampFromInternalRequest(this IDocumentSession session, HttpContext http, string? partnerId = null)
    {
        var ids = OcpiRequestIds.Of(http);
        session.CorrelationId = ids.CorrelationId;
        session.CausationId = ids.RequestId;
        session.SetHeader(SourceHeader, "internal-api");
        session.SetHeader(RequestIdHeader, ids.RequestId);
        session.SetHeader(ReceivedAtHeader, OcpiDateTime.Format(ids.ReceivedAt));
        if (partnerId is not null) session.SetHeader(PartnerHeader, partnerId);
    }
}
