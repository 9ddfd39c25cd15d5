using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.ChargingProfiles;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>
/// Calls the CPO's chargingprofiles RECEIVER ({url}/{session_id}): PUT a SetChargingProfile, GET ?duration=&amp;response_url=
/// or DELETE ?response_url= (query values URL-encoded, as the spec asks). A readable ChargingProfileResponse is recorded
/// whatever it says; no answer, an HTTP 5xx, no envelope or a refusal without one is SEND_FAILED. Never retried: the
/// CPO may rate-limit (TOO_OFTEN) and the spec has no retries.
/// </summary>
public sealed class ChargingProfileSender(IHttpClientFactory httpClients, IHttpContextAccessor accessor, IOptions<EmspOptions> options,
    ILogger<ChargingProfileSender> logger)
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
            return new ChargingProfileSent(request.Id, target, answer.HttpStatus, answer.StatusCode, data.GetProperty("result").GetString(),
                (int)Math.Clamp(data.GetProperty("timeout").GetInt64(), 0, int.MaxValue));
        if (answer.StatusCode is { } code && OcpiStatusCode.IsSuccess(code) && answer.HttpStatus is >= 200 and < 300)
            return new ChargingProfileSent(request.Id, target, answer.HttpStatus, answer.StatusCode, null, null);
        return new ChargingProfileSendFailed(request.Id, target, $"answered {described} without a ChargingProfileResponse");
    }
}

/// <summary>Sends one request once and records the CPO's answer (the lock is taken after the call: the result may come first).</summary>
public static class SendChargingProfileRequestHandler
{
    public static async Task Handle(SendChargingProfileRequest message, IDocumentSession session, ChargingProfileSender sender, CancellationToken ct)
    {
        var view = await session.LoadAsync<ChargingProfileView>(message.StreamKey, ct);
        if (view?.Request(message.RequestId) is not { SentAt: null, Status: ChargingProfileKinds.Requested } request) return;
        var outcome = await sender.SendAsync(session, view, request, ct);
        var stream = await session.Events.FetchForExclusiveWriting<ChargingProfileView>(message.StreamKey, ct);
        if (stream.Aggregate?.Request(message.RequestId) is not { SentAt: null } held || held.Status == ChargingProfileKinds.SendFailed) return;
        session.SetHeader(EventMetadata.SourceHeader, "chargingprofile-sender");
        session.SetHeader(EventMetadata.PartnerHeader, view.PartnerId);
        stream.AppendOne(outcome);
    }
}
