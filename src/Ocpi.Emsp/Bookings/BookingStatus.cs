using Ocpi.Protocol.Bookings;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// The status of a booking as the internal API shows it: ours before the CPO answered (REQUESTED) or when our first request
/// could not be delivered (SEND_FAILED), then the CPO's ReservationStatus. The transition rule is the module's state
/// diagram (plantuml/booking_a_booking-location_lyfesycle.plantuml), which differs from its prose in allowing
/// PENDING -> CANCELED and RESERVED -> PENDING (a change request being processed).
/// </summary>
public static class BookingStatus
{
    public const string Requested = "REQUESTED";
    public const string SendFailed = "SEND_FAILED";
    public const string Pending = "PENDING";
    public const string Reserved = "RESERVED";
    public const string Canceled = "CANCELED";
    public const string Unknown = "UNKNOWN";

    public static IReadOnlyList<string> All { get; } = [Requested, SendFailed, .. BookingSchemas.ReservationStatus.Values];

    /// <summary>Final states of the diagram: nothing leaves them.</summary>
    public static bool IsFinal(string status) => BookingSchemas.FinalReservationStatuses.Contains(status);

    private static readonly string[] Initial = [Pending, Reserved, "FAILED", "REJECTED"];

    private static readonly Dictionary<string, string[]> Next = new()
    {
        [Pending] = [Reserved, "FAILED", "REJECTED", Canceled],
        [Reserved] = ["NO_SHOW", "FULFILLED", Pending, Canceled],
    };

    /// <summary>
    /// Whether the diagram draws <paramref name="from"/> -> <paramref name="to"/>. Our own statuses count as its start
    /// ([*]): a push may overtake the CPO's answer, and a send we saw fail may still have reached the CPO. UNKNOWN (in the
    /// enum, not in the diagram) is the CPO saying it does not know: allowed both ways. Staying put is always allowed.
    /// </summary>
    public static bool Allows(string from, string to)
    {
        if (from == to || from == Unknown || to == Unknown) return true;
        if (from is Requested or SendFailed) return Initial.Contains(to);
        return Next.TryGetValue(from, out var next) && next.Contains(to);
    }
}
