using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// POSTs a BookingRequest to the CPO's bookings SENDER endpoint ({url}, mod_bookings.asciidoc "POST Method") and turns
/// its answer into an event. A readable Booking in the answer is recorded whatever the status code says (a refusal may
/// carry a REJECTED Booking); an answer with a 1xxx status but no Booking counts as delivered (the pushes will tell);
/// no answer, an HTTP 5xx, no envelope, or a refusal without a Booking is a failed send. A send is never retried: a
/// second POST could book a second slot.
/// </summary>
public sealed class BookingSender(IHttpClientFactory httpClients, IHttpContextAccessor accessor, IOptions<EmspOptions> options,
    ILogger<BookingSender> logger)
{
    /// <summary>The CPO's bookings SENDER endpoint (listed as Booking or bookings: see <see cref="ModuleId.Bookings"/>).</summary>
    public static VersionEndpoint? BookingsEndpoint(Partner partner) =>
        partner.IsRegistered ? partner.FindEndpoint(ModuleId.Bookings, InterfaceRole.SENDER) : null;

    /// <summary>The event the attempt became: <see cref="BookingRequestAnswered"/> or <see cref="BookingRequestFailed"/>.</summary>
    public async Task<object> SendAsync(IDocumentSession session, BookingView booking, BookingRequestRecord request, CancellationToken ct)
    {
        var partner = await session.LoadAsync<Partner>(booking.PartnerId, ct);
        var endpoint = partner is null ? null : BookingsEndpoint(partner);
        var secret = partner is null ? null : await session.LoadAsync<PartnerSecret>(partner.Id, ct);
        if (endpoint is null || secret is null)
            return new BookingRequestFailed(request.Sequence, null, "the partner is no longer registered with a bookings SENDER endpoint", null, null);

        var url = endpoint.Url;
        OcpiAnswer answer;
        try
        {
            var client = new OcpiClient(httpClients.CreateClient(nameof(OcpiClient)), accessor);
            answer = await client.SendForAnswerAsync(HttpMethod.Post, url, secret.OutboundToken, request.Request,
                (options.Value.Party, booking.Cpo), booking.CorrelationId, ct);
        }
        catch (PartnerCallException e)
        {
            logger.LogWarning("Booking {RequestId} request {Sequence} to partner {PartnerId} failed: {Reason}",
                booking.RequestId, request.Sequence, booking.PartnerId, e.Message);
            return new BookingRequestFailed(request.Sequence, url, e.Message, null, null);
        }
        return Interpret(request.Sequence, url, answer, booking);
    }

    private static object Interpret(int sequence, string url, OcpiAnswer answer, BookingView booking)
    {
        var statusOk = answer.StatusCode is { } code && OcpiStatusCode.IsSuccess(code);
        var described = $"HTTP {answer.HttpStatus}, OCPI status {answer.StatusCode?.ToString() ?? "none"}" +
                        (answer.StatusMessage is { } m ? $": {m}" : "");
        if (answer.HttpStatus >= 500 || answer.Envelope is null)
            return new BookingRequestFailed(sequence, url, $"answered {described}", answer.HttpStatus, answer.StatusCode);

        // A Booking for another request_id is not an answer to ours.
        var readable = answer.Data is { ValueKind: JsonValueKind.Object } data && BookingSchemas.Booking.Validate(data).IsValid &&
                       string.Equals(data.GetProperty("request_id").GetString(), booking.RequestId, StringComparison.OrdinalIgnoreCase)
            ? JsonObject.Create(data)
            : null;
        if (readable is not null || (statusOk && answer.HttpStatus is >= 200 and < 300))
            return new BookingRequestAnswered(sequence, url, answer.HttpStatus, answer.StatusCode, answer.StatusMessage, readable);
        return new BookingRequestFailed(sequence, url, $"answered {described} without a Booking", answer.HttpStatus, answer.StatusCode);
    }
}
