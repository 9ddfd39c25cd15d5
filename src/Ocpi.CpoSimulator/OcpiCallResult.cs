using System.Net;
using System.Text.Json;

namespace Ocpi.CpoSimulator;

/// <summary>What the eMSP answered to a call of the simulator.</summary>
public sealed record OcpiCallResult(HttpStatusCode HttpStatus, JsonElement? Envelope, IReadOnlyDictionary<string, string> Headers)
{
    public int? StatusCode => Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status_code", out var c) ? c.GetInt32() : null;

    public JsonElement Data => Envelope!.Value.GetProperty("data");

    public string? StatusMessage =>
        Envelope is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("status_message", out var m) ? m.GetString() : null;
}
