using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Bookings;

// One booking we requested from a CPO, step by step. Stream: booking:{request_id}. Metadata: see Audit/EventMetadata.

/// <summary>
/// Asked through the internal API: the BookingRequest exactly as it will be POSTed (our tokens as stored, our request_id
/// and authorization_reference), to which CPO, through which partner connection.
/// </summary>
public sealed record BookingRequested(string RequestId, PartyRef Cpo, string PartnerId, JsonObject Request, string AuthorizationReference);

/// <summary>A change of the booking (period and/or tokens): the new BookingRequest, same request_id, as it will be POSTed.</summary>
public sealed record BookingChangeRequested(int Sequence, JsonObject Request);

/// <summary>Our cancellation: the BookingRequest with <c>canceled</c> set (the protocol has no DELETE).</summary>
public sealed record BookingCancellationRequested(int Sequence, string Reason, JsonObject Request);

/// <summary>
/// The CPO answered the POST of request <c>Sequence</c> (0: the first). <c>Booking</c> is its synchronous Booking when the
/// answer carried a readable one (usually PENDING), null otherwise.
/// </summary>
public sealed record BookingRequestAnswered(int Sequence, string Url, int HttpStatus, int? StatusCode, string? StatusMessage, JsonObject? Booking);

/// <summary>Request <c>Sequence</c> could not be delivered: no answer, an HTTP error, or a refusal without a Booking.</summary>
public sealed record BookingRequestFailed(int Sequence, string? Url, string Reason, int? HttpStatus, int? StatusCode);

/// <summary>
/// The CPO pushed the Booking (PUT: whole; PATCH: the fields that changed). <c>Booking</c> is the object after the push.
/// <c>UnexpectedTransition</c> names a status change the module's state diagram does not draw ("FULFILLED -> RESERVED"):
/// stored all the same (the CPO owns the object) and flagged for an operator.
/// </summary>
public sealed record BookingPushed(string Method, JsonObject Body, JsonObject Booking, DateTimeOffset LastUpdated, string? UnexpectedTransition);

/// <summary>A push older than the Booking we hold (by last_updated): recorded for the audit trail, not applied.</summary>
public sealed record BookingPushIgnored(string Method, JsonObject Body, DateTimeOffset LastUpdated, DateTimeOffset HeldLastUpdated);
