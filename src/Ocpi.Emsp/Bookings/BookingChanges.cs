using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Bookings;
using Wolverine.Marten;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// PATCH and DELETE /api/bookings/{id}: a change (period and/or tokens) or a cancellation, each a new BookingRequest with
/// the same request_id POSTed through the outbox (cancel = <c>canceled</c> set; the protocol has no DELETE). Refused with
/// 409 before anything is sent: a booking in a final state; one whose previous request is still on its way (requests of
/// a booking go one at a time, so the CPO sees them in order); a change the CPO's booking_terms forbid (change_not_allowed,
/// or later than change_until_minutes before the booked start); a cancellation later than cancel_until_minutes before it.
/// The terms are those of the CPO's last Booking: a change needs one, a cancellation without one is sent unchecked.
/// </summary>
public sealed class BookingChanges(IDocumentSession session, IMartenOutbox outbox, IOptions<EmspOptions> options, TimeProvider clock)
{
    private static readonly string[] Known = ["period", "timeslot", "tokens", "last_updated"];

    public async Task<IResult> ChangeAsync(string id, HttpContext http, JsonElement body)
    {
        if (await HeldAsync(id, http.RequestAborted) is not { } stream) return NotFound(id);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);
        if (body.ValueKind != JsonValueKind.Object)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["(body)"] = ["expected a JSON object with period and/or tokens"] });
        foreach (var unknown in body.EnumerateObject().Select(p => p.Name).Where(n => !Known.Contains(n)))
            Fail(unknown, "unknown field: a change names the new period (or timeslot) and/or tokens");
        var input = new BookingInput(session, options.Value.Party, clock, Fail);
        var periodField = body.TryGetProperty("period", out _) ? "period" : body.TryGetProperty("timeslot", out _) ? "timeslot" : null;
        var period = periodField is null ? null : input.Period(body.GetProperty(periodField), periodField);
        var tokens = body.TryGetProperty("tokens", out var t) ? await input.TokensAsync(t, "tokens", http.RequestAborted) : null;
        if (periodField is null && !body.TryGetProperty("tokens", out _)) Fail("(body)", "nothing to change: give period (or timeslot) and/or tokens");
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var booking = stream.Aggregate!;
        if (Closed(booking) is { } closed) return closed;
        if (booking.Terms is not { } terms)
            return Conflict($"Booking {id} has no Booking from the CPO yet (status {booking.Status}): there are no booking terms to change it under");
        if (terms["change_not_allowed"] is JsonValue v && v.TryGetValue<bool>(out var notAllowed) && notAllowed)
            return Conflict($"The CPO's booking terms of {id} do not allow changes (change_not_allowed)");
        if (TooLate(booking, terms, "change_until_minutes") is { } limit)
            return Conflict($"Changes of {id} were allowed until {limit:O} (booking terms: change_until_minutes {terms["change_until_minutes"]} before the booked start)");

        var request = booking.LastRequest.DeepClone().AsObject();
        request.Remove("canceled");
        if (period is not null) request["period"] = period;
        if (tokens is not null) request["tokens"] = tokens;
        if (BookingApiInput.Invalid(request) is { } invalid) return invalid;
        if (period is not null && await BookingSlots.ProblemAsync(session, booking.PartnerId, booking.Cpo, request, clock, http.RequestAborted) is { } taken)
            return taken;
        return await AppendAsync(http, stream, new BookingChangeRequested(booking.Requests.Count, request), booking.Requests.Count);
    }

    public async Task<IResult> CancelAsync(string id, string? reason, HttpContext http)
    {
        if (await HeldAsync(id, http.RequestAborted) is not { } stream) return NotFound(id);
        reason = string.IsNullOrWhiteSpace(reason) ? "NO_CANCELED" : reason.Trim().ToUpperInvariant();
        if (!BookingSchemas.CanceledReason.Values.Contains(reason))
            return Results.ValidationProblem(new Dictionary<string, string[]>
                { ["reason"] = [$"must be a CanceledReason: {string.Join(", ", BookingSchemas.CanceledReason.Values)}"] });
        var booking = stream.Aggregate!;
        if (Closed(booking) is { } closed) return closed;
        if (booking.Terms is { } terms && TooLate(booking, terms, "cancel_until_minutes") is { } limit)
            return Conflict($"Cancellation of {id} was allowed until {limit:O} (booking terms: cancel_until_minutes {terms["cancel_until_minutes"]} before the booked start)");

        var request = booking.LastRequest.DeepClone().AsObject();
        request["canceled"] = new JsonObject { ["cancellation_reason"] = reason, ["who_canceled"] = "EMSP" };
        return await AppendAsync(http, stream, new BookingCancellationRequested(booking.Requests.Count, reason, request), booking.Requests.Count);
    }

    private async Task<IEventStream<BookingView>?> HeldAsync(string id, CancellationToken ct)
    {
        if (id.Length is 0 or > 36) return null;
        var stream = await session.Events.FetchForExclusiveWriting<BookingView>(BookingView.StreamKey(id), ct);
        return stream.Aggregate is null ? null : stream;
    }

    private static IResult? Closed(BookingView booking)
    {
        if (BookingStatus.IsFinal(booking.Status)) return Conflict($"Booking {booking.RequestId} is {booking.Status}: a final state");
        if (booking.Status == BookingStatus.SendFailed) return Conflict($"Booking {booking.RequestId} never reached the CPO (SEND_FAILED)");
        if (booking.Unsent is { } unsent)
            return Conflict($"Booking {booking.RequestId}: request {unsent.Sequence} ({unsent.Kind}) is still on its way to the CPO; retry when it is answered");
        return null;
    }

    /// <summary>The moment after which the term forbids the step, when it has passed; null while it is still allowed.</summary>
    private DateTimeOffset? TooLate(BookingView booking, JsonObject terms, string term)
    {
        var minutes = OcpiPayload.Number(terms[term]);
        if (minutes is null) return null;
        var limit = booking.PeriodStart - TimeSpan.FromMinutes((double)Math.Clamp(minutes.Value, 0m, 60m * 24 * 3650));
        return clock.GetUtcNow() > limit ? limit : null;
    }

    private async Task<IResult> AppendAsync(HttpContext http, IEventStream<BookingView> stream, object change, int sequence)
    {
        var booking = stream.Aggregate!;
        stream.AppendOne(change);
        session.StampFromInternalRequest(http, booking.PartnerId);
        outbox.Enroll(session);
        await outbox.PublishAsync(new SendBookingRequest(booking.RequestId, sequence));
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Accepted($"/api/bookings/{booking.RequestId}", new BookingRequests.Accepted(booking.RequestId, booking.Status));
    }

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No booking {id}");

    private static IResult Conflict(string title) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title);
}
