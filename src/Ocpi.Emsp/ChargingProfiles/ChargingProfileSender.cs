using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Commands;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.ChargingProfiles;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// Calls the CPO's chargingprofiles RECEIVER ({url}/{session_id}): PUT a SetChargingProfile, GET ?duration=&amp;response_url=
/// or DELETE ?response_url= (query values URL-encoded, as the spec asks). A readable ChargingProfileResponse is recorded
/// whatever it says; an ACCEPTED one awaits its result until the CPO's timeout plus the commands' grace
/// (<see cref="CommandOptions"/>: one conversation style, one setting), an answer without one until the default timeout; no answer, an HTTP 5xx, no envelope or a refusal without one is SEND_FAILED. Never retried: the
/// CPO may rate-limit (TOO_OFTEN) and the spec has no retries.
/// </summary>
public sealed class ChargingProfileSender(IHttpClientFactory httpClients, IHttpContextAccessor accessor, IOptions<EmspOptions> options,
    IOptions<CommandOptions> timeouts, TimeProvider clock, ILogger<ChargingProfileSender> logger)
{
    public static VersionEndpoint? Endpoint(Partner partner) =>
        partner.IsRegistered ? partner.FindEndpoint(ModuleId.ChargingProfiles, InterfaceRole.RECEIVER) : null;

    public async Task<object> SendAsync(IDocumentSession session, ChargingProfileView view, ChargingProfileRequest request, CancellationToken ct)
    {
        var partner = await session.LoadAsync<Partner>(view.PartnerId, ct);
        var endpoint = partner is null ? null : Endpoint(partner);
        var secret = partner is null ? null : await session.LoadAsync<PartnerSecret>(partner.Id, ct);
        if (endpoint is null || secret is null)
            return new ChargingProfileSendFailed(request.Id, null, "the partner is no longer registered with a chargingprofiles RECEIVER endpoint");

        var url = $"{endpoint.Url.TrimEnd('/')}/{Uri.EscapeDataString(view.SessionId)}";
        var responseUrl = Uri.EscapeDataString(request.ResponseUrl);
        var (method, target, body) = request.Kind switch
        {
            ChargingProfileKinds.Set => (HttpMethod.Put, url,
                (object?)new System.Text.Json.Nodes.JsonObject { ["charging_profile"] = request.ChargingProfile!.DeepClone(), ["response_url"] = request.ResponseUrl }),
            ChargingProfileKinds.Active => (HttpMethod.Get, $"{url}?duration={request.Duration}&response_url={responseUrl}", null),
            _ => (HttpMethod.Delete, $"{url}?response_url={responseUrl}", null),
        };
        OcpiAnswer answer;
        try
        {
            var client = new OcpiClient(httpClients.CreateClient(nameof(OcpiClient)), accessor);
            answer = await client.SendForAnswerAsync(method, target, secret.OutboundToken, body, (options.Value.Party, view.Cpo), null, ct);
        }
        catch (PartnerCallException e)
        {
            logger.LogWarning("Charging profile request {RequestId} to partner {PartnerId} failed: {Reason}", request.Id, view.PartnerId, e.Message);
            return new ChargingProfileSendFailed(request.Id, target, e.Message);
        }

        var described = $"HTTP {answer.HttpStatus}, OCPI status {answer.StatusCode?.ToString() ?? "none"}";
        if (answer.HttpStatus >= 500 || answer.Envelope is null) return new ChargingProfileSendFailed(request.Id, target, $"answered {described}");
        if (answer.Data is { ValueKind: JsonValueKind.Object } data && ChargingProfileSchemas.ChargingProfileResponse.Validate(data).IsValid)
        {
            var result = data.GetProperty("result").GetString();
            var timeout = (int)Math.Clamp(data.GetProperty("timeout").GetInt64(), 0, (long)TimeSpan.FromDays(365).TotalSeconds);
            return new ChargingProfileSent(request.Id, target, answer.HttpStatus, answer.StatusCode, result, timeout,
                result == ChargingProfileKinds.Accepted ? clock.GetUtcNow() + TimeSpan.FromSeconds(timeout) + timeouts.Value.TimeoutGrace : null);
        }
        if (answer.StatusCode is { } code && OcpiStatusCode.IsSuccess(code) && answer.HttpStatus is >= 200 and < 300)
            return new ChargingProfileSent(request.Id, target, answer.HttpStatus, answer.StatusCode, null, null,
                clock.GetUtcNow() + timeouts.Value.DefaultTimeout + timeouts.Value.TimeoutGrace);
        return new ChargingProfileSendFailed(request.Id, target, $"answered {described} without a ChargingProfileResponse");
    }
}

/// <summary>
/// Sends one request once, records the CPO's answer and, when a result is awaited, schedules the timeout at the deadline
/// as a durable Wolverine message stored in the same transaction as the answer (a restart keeps it). The lock is taken
/// after the call, not across it: the CPO may post the result before it answers.
/// </summary>
public static class SendChargingProfileRequestHandler
{
    public static async Task<OutgoingMessages> Handle(SendChargingProfileRequest message, IDocumentSession session, ChargingProfileSender sender,
        CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var view = await session.LoadAsync<ChargingProfileView>(message.StreamKey, ct);
        // Delivered again after it was handled (at-least-once): nothing more to do.
        if (view?.Request(message.RequestId) is not { SentAt: null, Status: ChargingProfileKinds.Requested } request) return outgoing;
        var outcome = await sender.SendAsync(session, view, request, ct);
        var stream = await session.Events.FetchForExclusiveWriting<ChargingProfileView>(message.StreamKey, ct);
        if (stream.Aggregate?.Request(message.RequestId) is not { SentAt: null } held || held.Status == ChargingProfileKinds.SendFailed) return outgoing;
        Stamp(session, view.PartnerId, "chargingprofile-sender");
        stream.AppendOne(outcome);
        if (outcome is ChargingProfileSent { Deadline: { } deadline } && held.Result is null)
            outgoing.Schedule(new ChargingProfileTimeout(message.StreamKey, message.RequestId), deadline);
        return outgoing;
    }

    internal static void Stamp(IDocumentSession session, string partnerId, string source)
    {
        session.SetHeader(EventMetadata.SourceHeader, source);
        session.SetHeader(EventMetadata.PartnerHeader, partnerId);
    }
}

/// <summary>
/// The deadline passed: a request still awaiting its result ends as TIMEOUT (a result that came first wins). Retried on a
/// write conflict: the decision is made again on what is stored then.
/// </summary>
public static class ChargingProfileTimeoutHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException(LockedAppend.IsConflict, "a write conflict on the charging profile stream").RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

    public static async Task Handle(ChargingProfileTimeout message, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<ChargingProfileView>(message.StreamKey, ct);
        if (stream.Aggregate is not { } view || view.Request(message.RequestId) is not { AwaitsResult: true, Deadline: { } deadline }) return;
        SendChargingProfileRequestHandler.Stamp(session, view.PartnerId, "chargingprofile-timeout");
        stream.AppendOne(new ChargingProfileTimedOut(message.RequestId, deadline));
    }
}
