using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>A request the service answered with something other than the expected success.</summary>
public sealed class UnexpectedAnswerException(string message) : Exception(message);

/// <summary>
/// The load generator's HTTP side: one pooled <see cref="SocketsHttpHandler"/> (enough connections for every worker),
/// OCPI calls with the CPO's credentials token, internal API calls with the API key.
/// </summary>
public sealed class OcpiHttp : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _client;
    private readonly string _apiKey;

    public OcpiHttp(string baseUrl, string apiKey, int maxConnections)
    {
        _apiKey = apiKey;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxConnections, 64),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The Authorization header value of the registered CPO (Base64 token, OCPI 2.2+).</summary>
    public string? CpoAuthorization { get; set; }

    public void UseCpoToken(string token) => CpoAuthorization = CredentialsTokenHeader.Encode(token);

    /// <summary>
    /// One OCPI call as the CPO. Succeeds only with an HTTP 2xx and OCPI status 1000 (or <paramref name="expectedHttp"/>
    /// with any status code when given); otherwise throws <see cref="UnexpectedAnswerException"/>.
    /// </summary>
    public async Task<int> OcpiAsync(HttpMethod method, string url, byte[]? body, CancellationToken cancellationToken,
        HttpStatusCode? expectedHttp = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", CpoAuthorization);
        request.Headers.TryAddWithoutValidation(OcpiHeaders.RequestId, Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation(OcpiHeaders.CorrelationId, Guid.NewGuid().ToString());
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = StatusCodeOf(bytes);
        if (expectedHttp is { } expected)
        {
            if (response.StatusCode != expected)
                throw new UnexpectedAnswerException($"{method} {url}: HTTP {(int)response.StatusCode}, expected {(int)expected}: {Excerpt(bytes)}");
            return status ?? 0;
        }

        if (!response.IsSuccessStatusCode || status != 1000)
            throw new UnexpectedAnswerException($"{method} {url}: HTTP {(int)response.StatusCode}, OCPI {status?.ToString() ?? "-"}: {Excerpt(bytes)}");
        return status.Value;
    }

    /// <summary>Like <see cref="OcpiAsync"/> but returns the whole envelope.</summary>
    public async Task<JsonElement> OcpiEnvelopeAsync(HttpMethod method, string url, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", CpoAuthorization);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        using var response = await _client.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    /// <summary>One internal API call with the API key; throws unless the answer is one of <paramref name="accepted"/>.</summary>
    public async Task<byte[]> InternalAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken,
        params HttpStatusCode[] accepted)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Api-Key", _apiKey);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        using var response = await _client.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var ok = accepted.Length == 0 ? response.IsSuccessStatusCode : accepted.Contains(response.StatusCode);
        if (!ok) throw new UnexpectedAnswerException($"{method} {path}: HTTP {(int)response.StatusCode}: {Excerpt(bytes)}");
        return bytes;
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync("/health/ready", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The top-level <c>status_code</c> of an OCPI envelope, or null.</summary>
    public static int? StatusCodeOf(ReadOnlySpan<byte> envelope)
    {
        if (envelope.IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(envelope);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("status_code"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code) ? code : null;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1) reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string Excerpt(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 300 ? text[..300] + "..." : text;
    }

    public void Dispose() => _client.Dispose();
}
