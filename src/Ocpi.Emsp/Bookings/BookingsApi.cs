using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Commands;
using Ocpi.Emsp.Internal;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// Internal API of the bookings we request: request one, change it, cancel it, follow one (status, the CPO's Booking, our
/// requests and what became of each, the Sessions and CDRs carrying its authorization_reference, every step with its time
/// and metadata), list them.
/// </summary>
public static class BookingsApi
{
    public static void MapBookingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/bookings").WithTags("Bookings");
        api.MapPost("", (JsonElement body, HttpContext http, BookingRequests requests) => requests.RequestAsync(http, body))
            .WithName("RequestBooking")
            .WithSummary("Request a slot at a CPO's booking location for our tokens; answered 202 at once, the CPO's answer comes later")
            .Produces<BookingRequests.Accepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPatch("/{id}", (string id, JsonElement body, HttpContext http, BookingChanges changes) => changes.ChangeAsync(id, http, body))
            .WithName("ChangeBooking")
            .WithSummary("Change a booking's period (or timeslot) and/or tokens: a new BookingRequest with the same request_id")
            .Produces<BookingRequests.Accepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id}", (string id, [FromQuery(Name = "reason"), Description("A CanceledReason; default NO_CANCELED.")] string? reason,
                HttpContext http, BookingChanges changes) => changes.CancelAsync(id, reason, http))
            .WithName("CancelBooking")
            .WithSummary("Cancel a booking (?reason= a CanceledReason): a BookingRequest with canceled set")
            .Produces<BookingRequests.Accepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}", GetAsync).WithName("GetBooking")
            .WithSummary("One booking: status, the CPO's Booking, our requests, linked Sessions and CDRs, and its timeline");
        api.MapGet("", ListAsync).WithName("ListBookings")
            .WithSummary("Bookings by booked start, newest first, paged; filters (cpo as CC-PID, status, from/to on the booked start) combine with AND");
    }

    private static async Task<Results<Ok<BookingDetails>, NotFound>> GetAsync(string id, IQuerySession session, CancellationToken ct)
    {
        var view = id.Length is > 0 and <= 36 ? await session.LoadAsync<BookingView>(BookingView.StreamKey(id), ct) : null;
        if (view is null) return TypedResults.NotFound();
        var references = new[] { view.AuthorizationReference, view.Booking?["authorization_reference"]?.GetValue<string>() ?? view.AuthorizationReference }
            .Distinct().ToArray();
        var (sessions, cdrs) = await LinkedObject.FindAsync(session, view.PartnerId, references, ct);
        var timeline = await EventHistory.ForStreamAsync(session, BookingView.StreamKey(id), ct) ?? [];
        return TypedResults.Ok(BookingDetails.Of(view, sessions, cdrs, timeline));
    }

    private static async Task<Results<Ok<Page<BookingSummary>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] BookingFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var status = check.OneOf("status", filters.Status, BookingStatus.All);
        var from = check.Instant("from", filters.From);
        var to = check.Instant("to", filters.To);
        check.Period(from, to);
        var cpo = check.PartyKey("cpo", filters.Cpo);
        if (check.Problem is { } problem) return problem;

        var query = session.Query<BookingView>().AsQueryable();
        if (cpo is not null) query = query.Where(b => b.CpoKey == cpo);
        if (status is not null) query = query.Where(b => b.Status == status);
        if (from is { } f) query = query.Where(b => b.PeriodStart >= f);
        if (to is { } t) query = query.Where(b => b.PeriodStart < t);
        var page = await query.ToPageAsync(q => q.OrderByDescending(b => b.PeriodStart).ThenBy(b => b.Id), window, ct);
        return TypedResults.Ok(new Page<BookingSummary>(page.Total, page.Offset, page.Limit, page.Items.Select(BookingSummary.Of).ToList()));
    }

}

public sealed class BookingFilters
{
    [FromQuery(Name = "cpo"), Description("The CPO party as CC-PID, e.g. NL-TNM.")]
    public string? Cpo { get; init; }

    [FromQuery(Name = "status"), Description("REQUESTED, SEND_FAILED or a ReservationStatus (PENDING, RESERVED, FULFILLED, ...).")]
    public string? Status { get; init; }

    [FromQuery(Name = "from"), Description("Only bookings whose booked period starts at or after this time (ISO 8601).")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Only bookings whose booked period starts before this time (ISO 8601).")]
    public string? To { get; init; }
}


public sealed record BookingSummary(string Id, PartyRef Cpo, string PartnerId, string Status, string? BookingId, DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd, DateTimeOffset RequestedAt, int UnexpectedTransitions)
{
    public static BookingSummary Of(BookingView v) =>
        new(v.RequestId, v.Cpo, v.PartnerId, v.Status, v.BookingId, v.PeriodStart, v.PeriodEnd, v.RequestedAt, v.UnexpectedTransitions.Count);
}

public sealed record BookingDetails(string Id, PartyRef Cpo, string PartnerId, string Status, string? BookingId, string AuthorizationReference,
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, JsonObject? Booking, IReadOnlyList<BookingRequestRecord> Requests,
    IReadOnlyList<string> UnexpectedTransitions, int IgnoredPushes, DateTimeOffset RequestedAt, IReadOnlyList<LinkedObject> Sessions,
    IReadOnlyList<LinkedObject> Cdrs, IReadOnlyList<EventRecord> Timeline)
{
    public static BookingDetails Of(BookingView v, IReadOnlyList<LinkedObject> sessions, IReadOnlyList<LinkedObject> cdrs,
        IReadOnlyList<EventRecord> timeline) =>
        new(v.RequestId, v.Cpo, v.PartnerId, v.Status, v.BookingId, v.AuthorizationReference, v.PeriodStart, v.PeriodEnd, v.Booking,
            v.Requests, v.UnexpectedTransitions, v.IgnoredPushes, v.RequestedAt, sessions, cdrs, timeline);
}
