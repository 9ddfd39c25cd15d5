using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator;

// The CPO's own OCPI server: versions, credentials and recording module receivers.
public sealed partial class CpoSimulator
{
    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            context.Response.Headers[OcpiHeaders.RequestId] = context.Request.Headers[OcpiHeaders.RequestId].ToString();
            context.Response.Headers[OcpiHeaders.CorrelationId] = context.Request.Headers[OcpiHeaders.CorrelationId].ToString();
            if (Down)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await next(context);
        });

        _app.MapGet("/ocpi/versions", (HttpContext http) => Authorized(http, allowTokenA: true) ??
            Envelope(Options.Versions.Select(v => new VersionInfo(v, $"{BaseUrl}/ocpi/{v}")).ToList()));

        _app.MapGet("/ocpi/{version}", (HttpContext http, string version) => Authorized(http, allowTokenA: true) ??
            (version == VersionNumber.V2_3_0 && Options.Versions.Contains(version)
                ? Envelope(new VersionDetails(version,
                [
                    new VersionEndpoint(ModuleId.Credentials, InterfaceRole.SENDER, CredentialsUrl),
                    .. Options.Modules.Select(m => new VersionEndpoint(m.Module, m.Role, $"{BaseUrl}/ocpi/2.3.0/{m.Module}")),
                ]))
                : Results.NotFound()));

        _app.MapGet("/ocpi/2.3.0/credentials", (HttpContext http) =>
            Authorized(http, allowTokenA: true) ?? Envelope(OurCredentials(PresentedToken(http)!)));
        _app.MapPost("/ocpi/2.3.0/credentials", (HttpRequest request) => HandleEmspCredentialsAsync(request.HttpContext, isUpdate: false));
        _app.MapPut("/ocpi/2.3.0/credentials", (HttpRequest request) => HandleEmspCredentialsAsync(request.HttpContext, isUpdate: true));
        _app.MapDelete("/ocpi/2.3.0/credentials", (HttpContext http) =>
        {
            if (Authorized(http, allowTokenA: false) is { } refused) return refused;
            _acceptedTokens.TryRemove(PresentedToken(http)!, out _);
            TokenForEmsp = null;
            TokenFromEmsp = null;
            return Envelope<object?>(null);
        });

        MapSenderLists();
        MapCommandReceiver();
        MapChargingProfileReceiver();
        MapBookingsSender();

        // Functional-module receivers: accept and record (assertions read Requests).
        _app.Map("/ocpi/2.3.0/{module}/{**rest}", (HttpContext http) => Authorized(http, allowTokenA: false) ?? Envelope<object?>(null));
    }

    private async Task<IResult> HandleEmspCredentialsAsync(HttpContext http, bool isUpdate)
    {
        var presented = PresentedToken(http);
        if (presented is null || !_acceptedTokens.TryGetValue(presented, out var kind)) return Results.Unauthorized();
        if (isUpdate != (kind == "C")) return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);

        var emsp = await JsonSerializer.DeserializeAsync<Credentials>(http.Request.Body, OcpiJson.Options);
        if (emsp is null) return Envelope<object?>(null, OcpiStatusCode.InvalidOrMissingParameters);
        try
        {
            var versions = await GetFromEmspAsync<List<VersionInfo>>(emsp.Url, emsp.Token);
            var v230 = versions.First(v => v.Version == VersionNumber.V2_3_0);
            var details = await GetFromEmspAsync<VersionDetails>(v230.Url, emsp.Token);
            EmspEndpoints = details.Endpoints;
            EmspVersionsUrl = emsp.Url;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException)
        {
            return Envelope<object?>(null, OcpiStatusCode.UnableToUseClientApi);
        }
        _acceptedTokens.TryRemove(presented, out _);
        var tokenC = NewToken();
        _acceptedTokens[tokenC] = "C";
        TokenFromEmsp = tokenC;
        TokenForEmsp = emsp.Token;
        return Envelope(OurCredentials(tokenC));
    }

    private async Task<T> GetFromEmspAsync<T>(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(OcpiHeaders.Authorization, AuthorizationFor(token));
        request.Headers.Add(OcpiHeaders.RequestId, Guid.NewGuid().ToString());
        request.Headers.Add(OcpiHeaders.CorrelationId, Guid.NewGuid().ToString());
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var envelope = await response.Content.ReadFromJsonAsync<OcpiResponse<T>>(OcpiJson.Options);
        return envelope!.Data!;
    }

    /// <summary>Null when the request carries an accepted token; otherwise the refusal.</summary>
    private IResult? Authorized(HttpContext http, bool allowTokenA)
    {
        var token = PresentedToken(http);
        if (token is null || !_acceptedTokens.TryGetValue(token, out var kind)) return Results.Unauthorized();
        return kind == "A" && !allowTokenA ? Results.Unauthorized() : null;
    }

    private string? PresentedToken(HttpContext http) =>
        CredentialsTokenHeader.Candidates(http.Request.Headers.Authorization.ToString()).FirstOrDefault(_acceptedTokens.ContainsKey);

    private static IResult Envelope<T>(T data, int statusCode = OcpiStatusCode.Success) =>
        Results.Json(new OcpiResponse<T>(data, statusCode, null, DateTimeOffset.UtcNow), OcpiJson.Options);
}
