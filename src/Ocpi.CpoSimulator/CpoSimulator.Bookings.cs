using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ocpi.Protocol.Versions;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;

namespace Ocpi.CpoSimulator;

/// <summary>How the simulated CPO treats the next BookingRequests it receives (settable per test).</summary>
public sealed class BookingBehaviour
{
    /// <summary>The ReservationStatus of the Booking it answers a new booking with (PENDING, or at once RESERVED/REJECTED).</summary>
    public string Answer { get; set; } = "PENDING";

    /// <summary>The OCPI status_code of that answer.</summary>
    public int StatusCode { get; set; } = OcpiStatusCode.Success;

    /// <summary>When set, the POST is answered with this HTTP status and no envelope (e.g. 503: the CPO is failing).</summary>
    public int? HttpStatus { get; set; }

    /// <summary>The status it PUTs after answering (RESERVED, REJECTED); null: it pushes nothing by itself.</summary>
    public string? Then { get; set; } = "RESERVED";

    public TimeSpan ThenDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The booking_terms of its Bookings.</summary>
    public JsonObject Terms { get; set; } = new()
    {
        ["supported_access_methods"] = new JsonArray("TOKEN"), ["change_until_minutes"] = 60, ["cancel_until_minutes"] = 30,
        ["change_not_allowed"] = false,
    };
}

// The CPO's bookings SENDER: takes BookingRequests (new, change, cancel), answers a Booking, pushes its status changes.
public sealed partial class CpoSimulator
{
    private readonly ConcurrentQueue<JsonObject> _bookingRequests = new();
    private readonly ConcurrentDictionary<string, JsonObject> _bookings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _bookingClock = new();
    private DateTimeOffset _lastBookingUpdate = DateTimeOffset.MinValue;
    private int _bookingNumber;

    public BookingBehaviour Bookings { get; } = new();
    public IReadOnlyList<JsonObject> ReceivedBookingRequests => _bookingRequests.ToList();

    /// <summary>The Booking it holds for a request_id (a copy).</summary>
    public JsonObject? Booking(string requestId) => _bookings.TryGetValue(requestId, out var b) ? b.DeepClone().AsObject() : null;

    /// <summary>PUTs its Booking with a new status (and, for CANCELED, a Cancellation by the CPO).</summary>
    public Task<OcpiCallResult> PutBookingAsync(string requestId, string status, string? cancellationReason = null)
    {
        var booking = _bookings[requestId];
        lock (booking)
        {
            booking["reservation_status"] = status;
            if (cancellationReason is not null)
                booking["canceled"] = new JsonObject { ["cancellation_reason"] = cancellationReason, ["who_canceled"] = "CPO" };
            foreach (var request in booking["booking_requests"]!.AsArray().OfType<JsonObject>())
                if ((string?)request["request_status"] == "PENDING") request["request_status"] = status is "REJECTED" or "FAILED" ? "DECLINED" : "ACCEPTED";
            booking["last_updated"] = NextBookingUpdate();
        }
        return PushBookingAsync(HttpMethod.Put, booking, Booking(requestId)!);
    }

    /// <summary>PATCHes its Booking: the given fields plus a new last_updated (e.g. FULFILLED, NO_SHOW, CANCELED, an EVSE).</summary>
    public Task<OcpiCallResult> PatchBookingAsync(string requestId, JsonObject patch)
    {
        var booking = _bookings[requestId];
        lock (booking)
        {
            patch["last_updated"] = NextBookingUpdate();
            foreach (var (name, value) in patch) booking[name] = value?.DeepClone();
        }
        return PushBookingAsync(HttpMethod.Patch, booking, patch);
    }

    /// <summary>Sends any body to the eMSP's Booking URL of one of its Bookings (bad input, another party's URL, ...).</summary>
    public Task<OcpiCallResult> PushBookingAsync(HttpMethod method, JsonObject booking, object? body, string? rawBody = null, string? token = null) =>
        CallEmspAsync(method, BookingUrl(booking), token ?? TokenForEmsp, body, rawBody: rawBody);

    public string BookingUrl(JsonObject booking) =>
        $"{EmspEndpoint(ModuleId.Bookings)}/{booking["country_code"]}/{booking["party_id"]}/{Uri.EscapeDataString((string)booking["id"]!)}";

    private string NextBookingUpdate()
    {
        // Strictly increasing, so that no push of ours is older than the one before it.
        lock (_bookingClock)
        {
            var now = DateTimeOffset.UtcNow;
            _lastBookingUpdate = now > _lastBookingUpdate.AddSeconds(1) ? new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero)
                : _lastBookingUpdate.AddSeconds(1);
            return OcpiDateTime.Format(_lastBookingUpdate);
        }
    }

    private void MapBookingsSender() =>
        _app.MapPost($"/ocpi/2.3.0/{ModuleId.Bookings}", async (HttpContext http) =>
        {
            if (Authorized(http, allowTokenA: false) is { } refused) return refused;
            var request = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
            _bookingRequests.Enqueue(request.DeepClone().AsObject());
            var behaviour = Bookings;
            if (behaviour.HttpStatus is { } failing) return Results.StatusCode(failing);

            var requestId = (string)request["request_id"]!;
            var isNew = !_bookings.ContainsKey(requestId);
            var booking = _bookings.GetOrAdd(requestId, _ => NewBooking(request, behaviour));
            lock (booking)
            {
                booking["booking_requests"]!.AsArray().Add(new JsonObject
                {
                    ["request_status"] = "PENDING", ["booking_request"] = request.DeepClone(), ["request_received"] = OcpiDateTime.Format(DateTimeOffset.UtcNow),
                });
                if (request["canceled"] is JsonObject canceled)
                {
                    booking["reservation_status"] = "CANCELED";
                    booking["canceled"] = canceled.DeepClone();
                }
                else if (!isNew)
                {
                    // A change: the slot and tokens asked for, confirmed by the push that follows.
                    booking["period"] = request["period"]!.DeepClone();
                    booking["booking_tokens"] = request["tokens"]?.DeepClone() ?? new JsonArray();
                }
                booking["last_updated"] = NextBookingUpdate();
            }
            if (behaviour.Then is { } then && request["canceled"] is null)
                _ = PushLaterAsync(requestId, then, behaviour.ThenDelay);
            return Envelope(Booking(requestId), behaviour.StatusCode);
        });

    private JsonObject NewBooking(JsonObject request, BookingBehaviour behaviour)
    {
        var booking = new JsonObject
        {
        ["id"] = $"BK{Interlocked.Increment(ref _bookingNumber)}", ["country_code"] = Options.Party.CountryCode,
        ["party_id"] = Options.Party.PartyId, ["request_id"] = request["request_id"]!.DeepClone(),
        ["booking_option"] = request["booking_option"]?.DeepClone(), ["location_id"] = request["location_id"]!.DeepClone(),
        ["booking_tokens"] = request["tokens"]?.DeepClone() ?? new JsonArray(), ["period"] = request["period"]!.DeepClone(),
        ["reservation_status"] = behaviour.Answer, ["authorization_reference"] = request["authorization_reference"]!.DeepClone(),
        ["booking_terms"] = behaviour.Terms.DeepClone(), ["booking_requests"] = new JsonArray(),
        };
        if (booking["booking_option"] is null) booking.Remove("booking_option");
        return booking;
    }

    private async Task PushLaterAsync(string requestId, string status, TimeSpan delay)
    {
        await Task.Delay(delay);
        try
        {
            await PutBookingAsync(requestId, status);
        }
        catch (Exception e) when (e is HttpRequestException or ObjectDisposedException or InvalidOperationException)
        {
            // The eMSP is unreachable (e.g. stopped): the test pushes again itself when it needs to.
        }
    }
}
