using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Bookings;

/// <summary>One booking we requested from a CPO, as its stream made it (inline projection). Id is the stream key.</summary>
public sealed class BookingView
{
    public string Id { get; set; } = "";

    /// <summary>Our request_id: the booking's id in the internal API and the stream's.</summary>
    public string RequestId { get; set; } = "";
    public PartyRef Cpo { get; set; }

    /// <summary>"NL-TNM": what the list filters on.</summary>
    public string CpoKey { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string Status { get; set; } = BookingStatus.Requested;
    public string AuthorizationReference { get; set; } = "";

    /// <summary>The CPO's Booking.id, upper-cased (a CiString): what its pushes name in the URL. Null before it told us.</summary>
    public string? BookingIdKey { get; set; }

    /// <summary>The booked period's start: what the list's from/to filter on (the requested one until the CPO says otherwise).</summary>
    public DateTimeOffset PeriodStart { get; set; }
    public DateTimeOffset PeriodEnd { get; set; }

    /// <summary>Our requests, in order: the first, then changes and cancellations.</summary>
    public List<BookingRequestRecord> Requests { get; set; } = [];

    /// <summary>The CPO's Booking as it last told us (answer or push); null before that.</summary>
    public JsonObject? Booking { get; set; }
    public DateTimeOffset? BookingLastUpdated { get; set; }

    /// <summary>Status changes the CPO pushed that the state diagram does not draw (stored, flagged here).</summary>
    public List<string> UnexpectedTransitions { get; set; } = [];
    public int IgnoredPushes { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? CorrelationId { get; set; }
    public long Version { get; set; }

    public static string StreamKey(string requestId) => $"booking:{requestId.ToUpperInvariant()}";

    public static string KeyOfBookingId(string bookingId) => bookingId.ToUpperInvariant();

    public static string KeyOf(PartyRef cpo) => $"{cpo.CountryCode}-{cpo.PartyId}".ToUpperInvariant();

    /// <summary>The request the next change or cancellation starts from: the last one we sent.</summary>
    public JsonObject LastRequest => Requests[^1].Request;

    /// <summary>Whether a request of ours is still on its way to the CPO (not yet answered nor failed).</summary>
    public BookingRequestRecord? Unsent => Requests.FirstOrDefault(r => r.Outcome == BookingRequestRecord.Queued);

    /// <summary>The booking_terms the CPO gave in its Booking; null while we hold no Booking.</summary>
    public JsonObject? Terms => Booking?["booking_terms"] as JsonObject;

    public string? BookingId => Booking is null ? null : OcpiPayload.String(Booking, "id");
}

/// <summary>
/// One BookingRequest we POSTed: kind (REQUEST, CHANGE, CANCEL), the body, and what became of the POST (QUEUED, ANSWERED,
/// SEND_FAILED) with the CPO's HTTP/OCPI status or the failure.
/// </summary>
public sealed class BookingRequestRecord
{
    public const string Queued = "QUEUED";
    public const string Answered = "ANSWERED";

    public int Sequence { get; set; }
    public string Kind { get; set; } = "";
    public JsonObject Request { get; set; } = [];
    public string Outcome { get; set; } = Queued;
    public int? HttpStatus { get; set; }
    public int? StatusCode { get; set; }
    public string? Failure { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}
