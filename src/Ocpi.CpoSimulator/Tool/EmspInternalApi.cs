using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ocpi.CpoSimulator.Tool;

/// <summary>The few calls of the eMSP's internal API the tool needs (X-Api-Key): an invitation, and demo tokens.</summary>
public sealed class EmspInternalApi(HttpClient client, string apiKey)
{
    public sealed record Invitation(string PartnerId, string TokenA, string VersionsUrl);

    /// <summary>POST /api/partners/invitations: a token A and the versions URL to register with.</summary>
    public async Task<Invitation> InviteAsync(string label, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/partners/invitations", new JsonObject { ["label"] = label }, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return new Invitation(body.GetProperty("partner_id").GetString()!, body.GetProperty("token_a").GetString()!,
            body.GetProperty("versions_url").GetString()!);
    }

    /// <summary>PUT /api/tokens/{uid}: creates (or replaces) one of our tokens; the eMSP then pushes it to its CPOs.</summary>
    public async Task PutTokenAsync(JsonObject token, CancellationToken ct)
    {
        var uid = Uri.EscapeDataString(token["uid"]!.GetValue<string>());
        using var _ = await SendAsync(HttpMethod.Put, $"api/tokens/{uid}", token, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", apiKey);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new SimulatorException($"Cannot reach the eMSP at {client.BaseAddress}: {e.Message}. Is it running, and is --emsp right?");
        }
        if (response.IsSuccessStatusCode) return response;
        var text = await response.Content.ReadAsStringAsync(ct);
        response.Dispose();
        throw new SimulatorException(response.StatusCode == HttpStatusCode.Unauthorized
            ? $"The eMSP refused the API key (HTTP 401 on {method} /{path}). Use the key it logged at its first start, or the one set as Emsp:ApiKey."
            : $"{method} /{path} answered HTTP {(int)response.StatusCode}: {text}");
    }
}

/// <summary>A failure the tool explains to its user and exits on (no stack trace).</summary>
public sealed class SimulatorException(string message) : Exception(message);
