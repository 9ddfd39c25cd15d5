using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// Bookings RECEIVER for Booking objects (mod_bookings.asciidoc): PUT/PATCH/GET {bookings}/{country_code}/{party_id}/{booking_id},
/// keyed by the CPO's Booking.id and matched to our stream by request_id (the PUT's body carries it; a PATCH finds the
/// stream by the Booking.id the CPO gave before). Rules, in order; a refusal stores nothing:
/// - The body is checked first: not JSON is HTTP 400; a Booking breaking its table (a PATCH: the fields present, plus
///   last_updated) is 2001 naming the field; a body whose country_code/party_id/id differ from the URL's is 2001.
/// - Party isolation: only the partner the booking was requested through, for the CPO it was requested from. For anyone
///   else, as for a request_id we never made, the booking does not exist: HTTP 404, 2001.
/// - Stale push: an older last_updated than the Booking we hold is recorded (BookingPushIgnored) and answered 1000.
/// - Lifecycle: a status change the module's state diagram does not draw is stored all the same (the CPO owns the
///   Booking, and refusing it would leave us with a state the CPO no longer has) but flagged: the event names the
///   transition, the view lists it, and the answer's status_message says so.
/// </summary>
public static class BookingEndpoints
{
    public static void MapBookings(this IEndpointRouteBuilder routes)
    {
        var receiver = routes.MapOcpiModule(ModuleId.Bookings, InterfaceRole.RECEIVER);
        receiver.MapPut("/{country_code}/{party_id}/{booking_id}", PutAsync).WithName("PutOcpiBooking")
            .WithSummary("The CPO pushes one of our bookings (e.g. PENDING -> RESERVED)")
            .ProducesOcpiPut(BookingSchemas.Booking)
            .ProducesOcpiNotFound("Booking");
        receiver.MapPatch("/{country_code}/{party_id}/{booking_id}", PatchAsync).WithName("PatchOcpiBooking")
            .WithSummary("The CPO changes one of our bookings (status, EVSE assigned, cancellation)")
            .AcceptsOcpi(BookingSchemas.Booking, patch: true)
            .ProducesOcpi(null)
            .ProducesOcpiNotFound("Booking");
        receiver.MapGet("/{country_code}/{party_id}/{booking_id}", GetAsync).WithName("GetOcpiBooking")
            .WithSummary("The CPO reads back our copy of one of its Bookings")
            .ProducesOcpi(BookingSchemas.Booking)
            .ProducesOcpiNotFound("Booking");
    }

    private static async Task<IResult> PutAsync(string country_code, string party_id, string booking_id, HttpContext http, IDocumentSession session)
    {
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, BookingSchemas.Booking, http.RequestAborted);
        if (failure is not null) return failure;
        if (UrlMismatch(country_code, party_id, booking_id, body!) is { } mismatch) return mismatch;
        var requestId = OcpiPayload.String(body!, "request_id")!;
        var stream = await session.Events.FetchForExclusiveWriting<BookingView>(BookingView.StreamKey(requestId), http.RequestAborted);
        if (!Owns(stream.Aggregate, http, country_code, party_id)) return Unknown(country_code, party_id, booking_id);
        var held = stream.Aggregate!;
        if (held.BookingIdKey is { } known && known != BookingView.KeyOfBookingId(booking_id))
            return OcpiResults.InvalidParameters($"Booking {requestId} has id {held.BookingId} at the CPO, not {booking_id}");
        return await ApplyAsync(http, session, stream, "PUT", body!, body!, created: held.Booking is null);
    }

    private static async Task<IResult> PatchAsync(string country_code, string party_id, string booking_id, HttpContext http, IDocumentSession session)
    {
        var (patch, failure) = await OcpiPayload.ReadPatchAsync(http.Request, BookingSchemas.Booking, http.RequestAborted);
        if (failure is not null) return failure;
        if (UrlMismatch(country_code, party_id, booking_id, patch!) is { } mismatch) return mismatch;
        var found = await FindAsync(session, http, country_code, party_id, booking_id, OcpiPayload.String(patch!, "request_id"));
        if (found is null) return Unknown(country_code, party_id, booking_id);
        var stream = await session.Events.FetchForExclusiveWriting<BookingView>(found.Id, http.RequestAborted);
        if (stream.Aggregate is not { Booking: { } booking }) return Unknown(country_code, party_id, booking_id);

        var merged = booking.DeepClone().AsObject();
        foreach (var (name, value) in patch!) merged[name] = value?.DeepClone();
        var element = JsonSerializer.SerializeToElement(merged);
        var whole = BookingSchemas.Booking.Validate(element);
        if (!whole.IsValid) return OcpiResults.InvalidParameters("the patched Booking: " + whole.Describe());
        if (OcpiPayload.OverLimits(OcpiPayload.Limits(http), BookingSchemas.Booking, element, "the patched Booking: ") is { } over) return over;
        return await ApplyAsync(http, session, stream, "PATCH", patch!, merged, created: false);
    }

    private static async Task<IResult> GetAsync(string country_code, string party_id, string booking_id, HttpContext http, IQuerySession session)
    {
        var found = await FindAsync(session, http, country_code, party_id, booking_id, null);
        return found?.Booking is { } booking ? OcpiResults.Ok(booking) : Unknown(country_code, party_id, booking_id);
    }

    private static async Task<IResult> ApplyAsync(HttpContext http, IDocumentSession session, IEventStream<BookingView> stream,
        string method, JsonObject body, JsonObject booking, bool created)
    {
        var held = stream.Aggregate!;
        var lastUpdated = OcpiPayload.LastUpdated(body);
        session.StampFromOcpiRequest(http, held.PartnerId);
        if (StalePush.IsStale(lastUpdated, held.BookingLastUpdated))
        {
            stream.AppendOne(new BookingPushIgnored(method, body, lastUpdated, held.BookingLastUpdated!.Value));
            await session.SaveChangesAsync(http.RequestAborted);
            return StalePush.Answer(lastUpdated, held.BookingLastUpdated.Value);
        }
        var status = OcpiPayload.String(booking, "reservation_status") ?? held.Status;
        var unexpected = BookingStatus.Allows(held.Status, status) ? null : $"{held.Status} -> {status}";
        stream.AppendOne(new BookingPushed(method, body, booking, lastUpdated, unexpected));
        await session.SaveChangesAsync(http.RequestAborted);
        if (unexpected is not null)
            return OcpiResults.OkWithMessage($"Stored, but the booking lifecycle does not allow {unexpected}: flagged for review");
        return created ? OcpiResults.Ok(StatusCodes.Status201Created) : OcpiResults.Ok();
    }

    /// <summary>The booking this URL names, if it is the caller's: by the CPO's Booking.id, else by the body's request_id.</summary>
    private static async Task<BookingView?> FindAsync(IQuerySession session, HttpContext http, string countryCode, string partyId,
        string bookingId, string? requestId)
    {
        if (bookingId.Length is 0 or > 36) return null;
        var key = BookingView.KeyOfBookingId(bookingId);
        var cpo = $"{countryCode}-{partyId}".ToUpperInvariant();
        var callerId = http.Caller().Partner.Id;
        var found = await session.Query<BookingView>()
            .Where(b => b.BookingIdKey == key && b.CpoKey == cpo && b.PartnerId == callerId).FirstOrDefaultAsync(http.RequestAborted);
        if (found is null && requestId is { Length: > 0 and <= 36 })
        {
            found = await session.LoadAsync<BookingView>(BookingView.StreamKey(requestId), http.RequestAborted);
            if (!Owns(found, http, countryCode, partyId) || found!.BookingIdKey is { } other && other != key) found = null;
        }
        return found;
    }

    private static bool Owns(BookingView? booking, HttpContext http, string countryCode, string partyId) =>
        booking is not null && booking.PartnerId == http.Caller().Partner.Id &&
        booking.CpoKey == $"{countryCode}-{partyId}".ToUpperInvariant();

    private static IResult? UrlMismatch(string countryCode, string partyId, string bookingId, JsonObject body)
    {
        foreach (var (field, url) in (ReadOnlySpan<(string, string)>)[("country_code", countryCode), ("party_id", partyId), ("id", bookingId)])
            if (OcpiPayload.String(body, field) is { } given && !string.Equals(given, url, StringComparison.OrdinalIgnoreCase))
                return OcpiResults.InvalidParameters($"{field} of the body ({given}) differs from the URL's ({url})");
        return null;
    }

    private static IResult Unknown(string countryCode, string partyId, string bookingId) =>
        OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown booking {countryCode}/{partyId}/{bookingId}");
}
