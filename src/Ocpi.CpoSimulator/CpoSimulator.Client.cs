using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator;

// The CPO as a client of the eMSP: the handshake it starts, and raw OCPI calls for tests.
public sealed partial class CpoSimulator
{
    /// <summary>Registers with the eMSP: GET versions and details with token A, then POST our credentials with token B.</summary>
    public async Task<OcpiCallResult> RegisterWithAsync(string versionsUrl, string tokenA)
    {
        var versions = await CallEmspAsync(HttpMethod.Get, versionsUrl, tokenA);
        var url = versions.Data.EnumerateArray().First(v => v.GetProperty("version").GetString() == VersionNumber.V2_3_0)
            .GetProperty("url").GetString()!;
        var details = await CallEmspAsync(HttpMethod.Get, url, tokenA);
        var credentialsUrl = details.Data.GetProperty("endpoints").EnumerateArray()
            .First(e => e.GetProperty("identifier").GetString() == ModuleId.Credentials).GetProperty("url").GetString()!;
        EmspVersionsUrl = versionsUrl;
        EmspEndpoints = details.Data.GetProperty("endpoints").Deserialize<List<VersionEndpoint>>(OcpiJson.Options)!;
        var result = await SendCredentialsAsync(HttpMethod.Post, credentialsUrl, tokenA);
        if (result.StatusCode == OcpiStatusCode.Success)
            EmspRoles = result.Data.GetProperty("roles").Deserialize<List<CredentialsRole>>(OcpiJson.Options)!;
        return result;
    }

    /// <summary>The roles of the eMSP's credentials once we registered with it (its parties own the tokens we see).</summary>
    public IReadOnlyList<CredentialsRole> EmspRoles { get; private set; } = [];

    /// <summary>PUTs new credentials (a fresh token B) with the current token; adopts the token in the answer.</summary>
    public Task<OcpiCallResult> UpdateCredentialsAsync() =>
        SendCredentialsAsync(HttpMethod.Put, EmspEndpoint(ModuleId.Credentials), TokenForEmsp!);

    /// <summary>POSTs or PUTs our credentials with a fresh token for the eMSP; adopts its token when it answers 1000.</summary>
    public async Task<OcpiCallResult> SendCredentialsAsync(HttpMethod method, string credentialsUrl, string authToken)
    {
        var tokenB = NewToken();
        _acceptedTokens[tokenB] = "C";
        var result = await CallEmspAsync(method, credentialsUrl, authToken, OurCredentials(tokenB));
        if (result.StatusCode == OcpiStatusCode.Success)
        {
            if (TokenFromEmsp is { } previous) _acceptedTokens.TryRemove(previous, out _);
            TokenFromEmsp = tokenB;
            TokenForEmsp = result.Data.GetProperty("token").GetString();
        }
        else
        {
            _acceptedTokens.TryRemove(tokenB, out _);
        }
        return result;
    }

    public async Task<OcpiCallResult> UnregisterAsync()
    {
        var result = await CallEmspAsync(HttpMethod.Delete, EmspEndpoint(ModuleId.Credentials), TokenForEmsp!);
        if (result.StatusCode == OcpiStatusCode.Success) TokenForEmsp = null;
        return result;
    }

    public string EmspEndpoint(string module) =>
        EmspEndpoints.First(e => string.Equals(e.Identifier, module, StringComparison.OrdinalIgnoreCase)).Url;

    /// <summary>One OCPI call to the eMSP with the given token (Base64 unless configured raw) and optional extra headers.</summary>
    public async Task<OcpiCallResult> CallEmspAsync(HttpMethod method, string url, string? token, object? body = null,
        IDictionary<string, string>? headers = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.TryAddWithoutValidation(OcpiHeaders.Authorization, AuthorizationFor(token));
        request.Headers.Add(OcpiHeaders.RequestId, Guid.NewGuid().ToString());
        request.Headers.Add(OcpiHeaders.CorrelationId, Guid.NewGuid().ToString());
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (rawBody is not null) request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body, options: OcpiJson.Options);

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? envelope = null;
        try
        {
            if (text.Length > 0) envelope = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new OcpiCallResult(response.StatusCode, envelope, responseHeaders);
    }
}
