using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Common;
using Wolverine.Marten;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// POST /api/bookings: checks the request, builds the BookingRequest (our party, a new request_id that is also the
/// authorization_reference its Session and CDR will carry, our stored tokens), validates it against the module's table,
/// checks the slot against the CPO's calendar, and appends <see cref="BookingRequested"/>; the POST to the CPO is enrolled
/// in the durable outbox in the same transaction. Refused, with nothing stored and nothing sent: a bad request (400,
/// naming the field), a CPO we are not registered with (404), a CPO without a bookings SENDER endpoint or reported
/// unreachable by its Hub (409), a slot its calendar does not show free (409).
/// </summary>
public sealed class BookingRequests(IDocumentSession session, IMartenOutbox outbox, IOptions<EmspOptions> options, TimeProvider clock)
{
    public sealed record Accepted(string Id, string Status);

    private static readonly string[] Known =
        ["cpo", "booking_location_id", "location_id", "period", "tokens", "booking_option", "access_information", "power_required"];

    public async Task<IResult> RequestAsync(HttpContext http, JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);
        if (body.ValueKind != JsonValueKind.Object)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["(body)"] = ["expected a JSON object with cpo, booking_location_id, location_id, period and tokens"] });
        foreach (var unknown in body.EnumerateObject().Select(p => p.Name).Where(n => !Known.Contains(n)))
            Fail(unknown, "unknown field (request_id, authorization_reference and the parties are ours to set)");

        var cpo = PartyInput.Read(body, "cpo", Fail);
        var input = new BookingInput(session, options.Value.Party, clock, Fail);
        var period = input.Period(body.TryGetProperty("period", out var p) ? p : default, "period");
        var tokens = await input.TokensAsync(body.TryGetProperty("tokens", out var t) ? t : default, "tokens", http.RequestAborted);
        var id = Guid.NewGuid().ToString("N");
        var request = new JsonObject
        {
            ["country_code"] = options.Value.Party.CountryCode, ["party_id"] = options.Value.Party.PartyId, ["request_id"] = id,
        };
        foreach (var field in (string[])["booking_option", "location_id", "booking_location_id", "access_information", "power_required"])
            if (body.TryGetProperty(field, out var value)) request[field] = JsonNode.Parse(value.GetRawText());
        request["tokens"] = tokens;
        request["period"] = period;
        request["authorization_reference"] = id;
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        if (BookingApiInput.Invalid(request) is { } invalid) return invalid;

        var (route, refusal) = await PartyRoutes.ToEndpointAsync(session, cpo!.Value, BookingSender.BookingsEndpoint,
            "bookings SENDER endpoint in its version details: it takes no bookings", "the booking was not requested", http.RequestAborted);
        if (refusal is not null) return refusal;
        var partner = route!.Partner;
        if (await BookingSlots.ProblemAsync(session, partner.Id, cpo.Value, request, clock, http.RequestAborted) is { } taken) return taken;

        session.Events.StartStream<BookingView>(BookingView.StreamKey(id), new BookingRequested(id, cpo.Value, partner.Id, request, id));
        session.StampFromInternalRequest(http, partner.Id);
        outbox.Enroll(session);
        await outbox.PublishAsync(new SendBookingRequest(id, 0));
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Accepted($"/api/bookings/{id}", new Accepted(id, BookingStatus.Requested));
    }
}

/// <summary>Reading and checking helpers shared by the booking endpoints of the internal API.</summary>
public static class BookingApiInput
{

    /// <summary>400 naming each field of the BookingRequest that breaks the module's table; null when it holds.</summary>
    public static IResult? Invalid(JsonObject request)
    {
        var validation = BookingSchemas.BookingRequest.Validate(JsonSerializer.SerializeToElement(request));
        return validation.IsValid ? null
            : Results.ValidationProblem(validation.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
    }
}
