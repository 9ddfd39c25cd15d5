using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Partners;

/// <summary>Raised when a partner's OCPI interface cannot be used: network failure, HTTP error, bad envelope, non-1xxx status.</summary>
public sealed class PartnerCallException(string message) : Exception(message);

/// <summary>
/// Our HTTP client for OCPI calls to partners: Base64 token header, fresh X-Request-ID, the current correlation id,
/// envelope parsing. Configuration-module calls never carry routing headers.
/// </summary>
public sealed class OcpiClient(HttpClient http, IHttpContextAccessor accessor)
{
    public Task<T> GetAsync<T>(string url, string token, CancellationToken ct) =>
        SendAsync<T>(HttpMethod.Get, url, token, null, ct);

    public async Task<T> SendAsync<T>(HttpMethod method, string url, string token, object? body, CancellationToken ct)
    {
        var envelope = await SendForEnvelopeAsync(method, url, token, body, ct);
        if (!envelope.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
            throw new PartnerCallException($"{method} {url} answered without data");
        try
        {
            return data.Deserialize<T>(OcpiJson.Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new PartnerCallException($"{method} {url} answered with data we cannot read: {e.Message}");
        }
    }

    /// <summary>Sends a request and returns the envelope of a 2xx answer with a 1xxx status; throws otherwise.</summary>
    /// <param name="routing">For functional modules: OCPI-from (us) and OCPI-to (the addressed party) headers.</param>
    public async Task<JsonElement> SendForEnvelopeAsync(HttpMethod method, string url, string token, object? body, CancellationToken ct,
        (PartyRef From, PartyRef? To)? routing = null) =>
        (await SendAsync(method, url, token, body, Guid.NewGuid().ToString(), routing, ct)).Envelope;

    /// <summary>GET of one page of a partner's SENDER list: the items and the pagination headers (Link, X-Total-Count, X-Limit).</summary>
    /// <param name="correlationId">X-Correlation-ID, shared by the pages of one run.</param>
    public async Task<OcpiListPage> GetPageAsync(string url, string token, (PartyRef From, PartyRef? To) routing, string correlationId,
        CancellationToken ct)
    {
        var requestId = Guid.NewGuid().ToString();
        var (envelope, headers) = await SendAsync(HttpMethod.Get, url, token, null, requestId, routing, ct, correlationId);
        if (!envelope.TryGetProperty("data", out var data) || data.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            throw new PartnerCallException($"GET {url} answered without a list in data");
        var items = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().ToList() : [];
        return new OcpiListPage(items, PageHeaders.NextUrl(Header(headers, OcpiHeaders.Link)),
            int.TryParse(Header(headers, OcpiHeaders.TotalCount), out var total) ? total : null,
            int.TryParse(Header(headers, OcpiHeaders.Limit), out var limit) ? limit : null, requestId);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>
    /// Sends a request and returns whatever came back: the HTTP status and the envelope (null when the body is not JSON).
    /// Throws only when no answer arrived. For calls whose refusals carry data (a command refused with 2003 and a
    /// CommandResponse).
    /// </summary>
    public async Task<OcpiAnswer> SendForAnswerAsync(HttpMethod method, string url, string token, object? body,
        (PartyRef From, PartyRef? To) routing, string? correlationId, CancellationToken ct)
    {
        using var response = await SendRawAsync(method, url, token, body, Guid.NewGuid().ToString(), routing, ct, correlationId);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return new OcpiAnswer((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException)
        {
            return new OcpiAnswer((int)response.StatusCode, null);
        }
    }

    private async Task<(JsonElement Envelope, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string url, string token,
        object? body, string requestId, (PartyRef From, PartyRef? To)? routing, CancellationToken ct, string? correlationId = null)
    {
        using var response = await SendRawAsync(method, url, token, body, requestId, routing, ct, correlationId);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new PartnerCallException($"{method} {url} answered HTTP {(int)response.StatusCode} without an OCPI envelope");
        }
        var status = envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("status_code", out var code) &&
                     code.TryGetInt32(out var value) ? value : (int?)null;
        var message = envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("status_message", out var m) &&
                      m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (!response.IsSuccessStatusCode || status is null || !OcpiStatusCode.IsSuccess(status.Value))
            throw new PartnerCallException(
                $"{method} {url} answered HTTP {(int)response.StatusCode}, OCPI status {status?.ToString() ?? "none"}" +
                (message is null ? "" : $": {message}"));
        return (envelope, response.Headers);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string url, string token,
        object? body, string requestId, (PartyRef From, PartyRef? To)? routing, CancellationToken ct, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation(OcpiHeaders.Authorization, CredentialsTokenHeader.Encode(token));
        request.Headers.Add(OcpiHeaders.RequestId, requestId);
        request.Headers.Add(OcpiHeaders.CorrelationId, correlationId ?? CurrentCorrelationId());
        if (routing is { } parties)
        {
            request.Headers.Add(OcpiHeaders.FromCountryCode, parties.From.CountryCode);
            request.Headers.Add(OcpiHeaders.FromPartyId, parties.From.PartyId);
            if (parties.To is { } to)
            {
                request.Headers.Add(OcpiHeaders.ToCountryCode, to.CountryCode);
                request.Headers.Add(OcpiHeaders.ToPartyId, to.PartyId);
            }
        }
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, OcpiJson.Options), Encoding.UTF8, "application/json");

        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new PartnerCallException($"{method} {url} failed: {e.Message}");
        }
    }

    private string CurrentCorrelationId() =>
        accessor.HttpContext is { } context ? OcpiRequestIds.Of(context).CorrelationId : Guid.NewGuid().ToString();
}

/// <summary>One page of a SENDER list: its items, the next page's URL (null on the last page) and the headers' figures.</summary>
public sealed record OcpiListPage(IReadOnlyList<JsonElement> Items, string? NextUrl, int? TotalCount, int? Limit, string RequestId);

/// <summary>An answer as it came: HTTP status and the parsed body (null when it was not JSON).</summary>
public sealed record OcpiAnswer(int HttpStatus, JsonElement? Envelope)
{
    public int? StatusCode => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status_code", out var c) &&
                              c.TryGetInt32(out var v) ? v : null;

    public string? StatusMessage => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status_message", out var m) &&
                                    m.ValueKind == JsonValueKind.String ? m.GetString() : null;

    public JsonElement? Data => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("data", out var d) &&
                                d.ValueKind != JsonValueKind.Null ? d : null;
}
