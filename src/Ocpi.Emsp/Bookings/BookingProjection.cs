using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// Builds <see cref="BookingView"/> inline. A push may overtake the CPO's synchronous answer, so an answer only replaces
/// the Booking we hold when its last_updated is strictly later (a push and an answer of the same second: the push wins).
/// </summary>
public sealed class BookingProjection : SingleStreamProjection<BookingView, string>
{
    public BookingView Create(IEvent<BookingRequested> e)
    {
        var view = new BookingView
        {
            Id = e.StreamKey!, RequestId = e.Data.RequestId, Cpo = e.Data.Cpo, CpoKey = BookingView.KeyOf(e.Data.Cpo),
            PartnerId = e.Data.PartnerId, AuthorizationReference = e.Data.AuthorizationReference, RequestedAt = Time(e),
            CorrelationId = e.CorrelationId, Version = e.Version,
        };
        SetPeriod(view, e.Data.Request["period"]);
        view.Requests.Add(Record(0, "REQUEST", e.Data.Request, e));
        return view;
    }

    public void Apply(IEvent<BookingChangeRequested> e, BookingView view)
    {
        view.Requests.Add(Record(e.Data.Sequence, "CHANGE", e.Data.Request, e));
        view.Version = e.Version;
    }

    public void Apply(IEvent<BookingCancellationRequested> e, BookingView view)
    {
        view.Requests.Add(Record(e.Data.Sequence, "CANCEL", e.Data.Request, e));
        view.Version = e.Version;
    }

    public void Apply(IEvent<BookingRequestAnswered> e, BookingView view)
    {
        if (Find(view, e.Data.Sequence) is { } request)
        {
            request.Outcome = BookingRequestRecord.Answered;
            request.HttpStatus = e.Data.HttpStatus;
            request.StatusCode = e.Data.StatusCode;
            request.AnsweredAt = Time(e);
        }
        if (e.Data.Booking is { } booking && (view.BookingLastUpdated is null || OcpiPayload.LastUpdated(booking) > view.BookingLastUpdated))
            Hold(view, booking, null);
        view.Version = e.Version;
    }

    public void Apply(IEvent<BookingRequestFailed> e, BookingView view)
    {
        if (Find(view, e.Data.Sequence) is { } request)
        {
            request.Outcome = BookingStatus.SendFailed;
            request.HttpStatus = e.Data.HttpStatus;
            request.StatusCode = e.Data.StatusCode;
            request.Failure = e.Data.Reason;
            request.AnsweredAt = Time(e);
        }
        // Only the first request decides the booking's own status: a failed change leaves the booking as it was.
        if (e.Data.Sequence == 0 && view.Booking is null) view.Status = BookingStatus.SendFailed;
        view.Version = e.Version;
    }

    public void Apply(IEvent<BookingPushed> e, BookingView view)
    {
        Hold(view, e.Data.Booking, e.Data.UnexpectedTransition);
        view.Version = e.Version;
    }

    public void Apply(IEvent<BookingPushIgnored> e, BookingView view)
    {
        view.IgnoredPushes++;
        view.Version = e.Version;
    }

    private static void Hold(BookingView view, JsonObject booking, string? unexpected)
    {
        view.Booking = booking.DeepClone().AsObject();
        view.BookingLastUpdated = OcpiPayload.LastUpdated(booking);
        if (OcpiPayload.String(booking, "id") is { } id) view.BookingIdKey = BookingView.KeyOfBookingId(id);
        if (OcpiPayload.String(booking, "reservation_status") is { } status) view.Status = status;
        SetPeriod(view, booking["period"]);
        if (unexpected is not null) view.UnexpectedTransitions.Add(unexpected);
    }

    private static void SetPeriod(BookingView view, JsonNode? period)
    {
        if (period is not JsonObject p) return;
        if (OcpiDateTime.TryParse(OcpiPayload.String(p, "start_date_time"), out var start)) view.PeriodStart = start;
        if (OcpiDateTime.TryParse(OcpiPayload.String(p, "end_date_time"), out var end)) view.PeriodEnd = end;
    }

    private static BookingRequestRecord? Find(BookingView view, int sequence) => view.Requests.FirstOrDefault(r => r.Sequence == sequence);

    private static BookingRequestRecord Record(int sequence, string kind, JsonObject request, IEvent e) =>
        new() { Sequence = sequence, Kind = kind, Request = request.DeepClone().AsObject(), RequestedAt = Time(e) };

    private static DateTimeOffset Time(IEvent e) => e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
}
