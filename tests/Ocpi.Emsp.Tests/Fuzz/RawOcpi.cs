using System.Net;
using System.Text.Json;
using Npgsql;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Fuzz;

/// <summary>What the eMSP answered to raw bytes: HTTP status, the envelope if the body was one, the body text.</summary>
public sealed record RawAnswer(HttpStatusCode Status, JsonElement? Envelope, string Text)
{
    public int? StatusCode => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status_code", out var c)
        && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;

    public string StatusMessage => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status_message", out var m)
        && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";

    /// <summary>An OCPI envelope: status_code, status_message and a UTC timestamp.</summary>
    public bool IsEnvelope => Envelope is { ValueKind: JsonValueKind.Object } e
        && e.TryGetProperty("status_code", out var code) && code.ValueKind == JsonValueKind.Number
        && e.TryGetProperty("status_message", out _)
        && e.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String && ts.GetString()!.EndsWith('Z');

    public override string ToString() => $"HTTP {(int)Status}: {(Text.Length > 300 ? Text[..300] : Text)}";
}

/// <summary>Sends bytes exactly as given (no client-side JSON), and counts what is stored.</summary>
public static class RawOcpi
{
    public static async Task<RawAnswer> SendAsync(HttpClient client, HttpMethod method, string url, string? token, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.TryAddWithoutValidation(OcpiHeaders.Authorization, CredentialsTokenHeader.Encode(token));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? envelope = null;
        try
        {
            if (text.Length > 0) envelope = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        return new RawAnswer(response.StatusCode, envelope, text);
    }

    /// <summary>Events stored in streams whose key starts with <paramref name="prefix"/> (e.g. "location:DE-Q01:").</summary>
    public static async Task<long> EventCountAsync(EmspFixture emsp, string prefix)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from emsp.mt_events where starts_with(stream_id, $1)", connection);
        command.Parameters.AddWithValue(prefix);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The data of the last event of a stream, as stored.</summary>
    public static async Task<JsonElement?> LastEventDataAsync(EmspFixture emsp, string streamKey)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select data::text from emsp.mt_events where stream_id = $1 order by version desc limit 1", connection);
        command.Parameters.AddWithValue(streamKey);
        return await command.ExecuteScalarAsync() is string text ? JsonDocument.Parse(text).RootElement.Clone() : null;
    }
}
