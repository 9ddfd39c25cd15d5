using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ocpi.CpoSimulator;

/// <summary>How the simulated CPO treats the next charging profile requests (settable per test).</summary>
public sealed class ChargingProfileBehaviour
{
    /// <summary>The ChargingProfileResponseType it answers synchronously.</summary>
    public string Response { get; set; } = "ACCEPTED";

    /// <summary>The ChargingProfileResultType it posts to the response_url after an ACCEPTED answer; null: none.</summary>
    public string? Result { get; set; } = "ACCEPTED";

    public TimeSpan ResultDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The timeout (seconds) it announces in its ChargingProfileResponse.</summary>
    public int Timeout { get; set; } = 30;

    /// <summary>When set, the request is answered with this HTTP status and no envelope (e.g. 503: the CPO is failing).</summary>
    public int? HttpStatus { get; set; }
}

/// <summary>A charging profile request the CPO received: method, session id, response_url and body (PUT only).</summary>
public sealed record ReceivedChargingProfileRequest(string Method, string SessionId, string ResponseUrl, int? Duration, JsonElement? Body);

// The CPO's chargingprofiles RECEIVER: answers a ChargingProfileResponse, then posts the matching result to the response_url.
public sealed partial class CpoSimulator
{
    private readonly ConcurrentQueue<ReceivedChargingProfileRequest> _profileRequests = new();

    public ChargingProfileBehaviour ChargingProfiles { get; } = new();
    public IReadOnlyList<ReceivedChargingProfileRequest> ReceivedChargingProfileRequests => _profileRequests.ToList();

    /// <summary>The ActiveChargingProfile the simulated charge point reports (GET results and pushes).</summary>
    public static object ActiveProfile(double limit) => new
    {
        start_date_time = "2025-01-01T10:00:00Z",
        charging_profile = new { charging_rate_unit = "W", charging_profile_period = new[] { new { start_period = 0, limit } } },
    };

    /// <summary>PUTs a changed ActiveChargingProfile for a session to the eMSP's chargingprofiles endpoint.</summary>
    public Task<OcpiCallResult> PushActiveChargingProfileAsync(string sessionId, object? profile = null, string? rawBody = null) =>
        CallEmspAsync(HttpMethod.Put, $"{EmspEndpoint("chargingprofiles")}/{Uri.EscapeDataString(sessionId)}", TokenForEmsp, profile, rawBody: rawBody);

    private void MapChargingProfileReceiver() =>
        _app.MapMethods("/ocpi/2.3.0/chargingprofiles/{session_id}", ["GET", "PUT", "DELETE"], async (HttpContext http, string session_id) =>
        {
            if (Authorized(http, allowTokenA: false) is { } refused) return refused;
            JsonElement? body = null;
            string? responseUrl = http.Request.Query["response_url"];
            if (HttpMethods.IsPut(http.Request.Method))
            {
                body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
                responseUrl = body.Value.GetProperty("response_url").GetString();
            }
            int? duration = int.TryParse(http.Request.Query["duration"], out var d) ? d : null;
            _profileRequests.Enqueue(new ReceivedChargingProfileRequest(http.Request.Method, session_id, responseUrl!, duration, body));
            var behaviour = ChargingProfiles;
            if (behaviour.HttpStatus is { } failing) return Results.StatusCode(failing);
            if (behaviour is { Response: "ACCEPTED", Result: { } result })
            {
                object posted = HttpMethods.IsGet(http.Request.Method) && result == "ACCEPTED"
                    ? new { result, profile = ActiveProfile(11000) }
                    : new { result };
                _ = PostProfileResultLaterAsync(responseUrl!, posted, behaviour.ResultDelay);
            }
            return Envelope(new { result = behaviour.Response, timeout = behaviour.Timeout });
        });

    private async Task PostProfileResultLaterAsync(string responseUrl, object result, TimeSpan delay)
    {
        await Task.Delay(delay);
        try
        {
            await CallEmspAsync(HttpMethod.Post, responseUrl, TokenForEmsp, result);
        }
        catch (Exception e) when (e is HttpRequestException or ObjectDisposedException or InvalidOperationException)
        {
            // The eMSP is unreachable: OCPI does not retry callbacks.
        }
    }
}
