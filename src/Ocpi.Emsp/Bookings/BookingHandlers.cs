using Marten;
using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Bookings;

/// <summary>Send request <c>Sequence</c> of a booking to its CPO (enrolled in the outbox with the event that asked for it).</summary>
public sealed record SendBookingRequest(string RequestId, int Sequence);

/// <summary>
/// Sends one BookingRequest once and records the CPO's answer (or the failure). Requests of one booking are sent in the
/// order they were made: a change is only accepted by the internal API once the previous request has been answered.
/// </summary>
public static class SendBookingRequestHandler
{
    public static async Task Handle(SendBookingRequest message, IDocumentSession session, BookingSender sender, CancellationToken ct)
    {
        var key = BookingView.StreamKey(message.RequestId);
        var booking = await session.LoadAsync<BookingView>(key, ct);
        // Delivered again after it was handled (at-least-once): nothing more to do.
        if (booking?.Requests.FirstOrDefault(r => r.Sequence == message.Sequence) is not { Outcome: BookingRequestRecord.Queued } request) return;

        var outcome = await sender.SendAsync(session, booking, request, ct);
        // The lock is taken after the call, not across it: the CPO may push the Booking before it answers.
        var stream = await session.Events.FetchForExclusiveWriting<BookingView>(key, ct);
        if (stream.Aggregate?.Requests.FirstOrDefault(r => r.Sequence == message.Sequence) is not { Outcome: BookingRequestRecord.Queued }) return;
        Stamp(session, stream.Aggregate, "booking-sender");
        stream.AppendOne(outcome);
    }

    internal static void Stamp(IDocumentSession session, BookingView booking, string source)
    {
        session.CorrelationId = booking.CorrelationId;
        session.SetHeader(EventMetadata.SourceHeader, source);
        session.SetHeader(EventMetadata.PartnerHeader, booking.PartnerId);
    }
}
