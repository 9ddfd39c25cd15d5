using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Tokens;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Bookings;

/// <summary>
/// The parts of a booking request the internal API reads the same way for a new booking and a change: the period (a
/// Period; a change may call it <c>timeslot</c>, as the module's booking_request_patch_example_timeslot.json does) and the
/// tokens (ours, named by uid and type, sent as BookingTokens built from our stored Token).
/// </summary>
public sealed class BookingInput(IQuerySession session, PartyRef us, TimeProvider clock, Action<string, string> fail)
{
    /// <summary>A Period whose end is after its start and whose start is not in the past; null (after failing) otherwise.</summary>
    public JsonObject? Period(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            fail(field, "required: {\"start_date_time\": \"...Z\", \"end_date_time\": \"...Z\"}");
            return null;
        }
        var start = Instant(value, "start_date_time", field);
        var end = Instant(value, "end_date_time", field);
        if (start is null || end is null) return null;
        if (end <= start) fail(field, "end_date_time must be after start_date_time");
        else if (start < clock.GetUtcNow()) fail($"{field}.start_date_time", "is in the past: a booking is for a slot to come");
        else return new JsonObject { ["start_date_time"] = OcpiDateTime.Format(start.Value), ["end_date_time"] = OcpiDateTime.Format(end.Value) };
        return null;
    }

    private DateTimeOffset? Instant(JsonElement period, string name, string field)
    {
        var text = period.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (text is not null && OcpiDateTime.TryParse(text, out var instant)) return instant;
        fail($"{field}.{name}", "required: an OCPI DateTime in UTC, e.g. 2030-03-23T12:00:00Z");
        return null;
    }

    /// <summary>
    /// Our tokens, each valid now: unknown, blocked, expired or without credit is refused (the eMSP vouches for the tokens
    /// it books for). An empty list is allowed by the table (tokens "*") but books for nobody, so at least one is asked.
    /// </summary>
    public async Task<JsonArray?> TokensAsync(JsonElement value, string field, CancellationToken ct)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            fail(field, "required: at least one of our tokens, [{\"uid\": \"...\", \"type\": \"...\"}]");
            return null;
        }
        var tokens = new JsonArray();
        var i = 0;
        foreach (var given in value.EnumerateArray())
        {
            var path = $"{field}[{i++}]";
            var uid = given.ValueKind == JsonValueKind.Object && given.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            if (uid is not { Length: > 0 and <= 36 })
            {
                fail(path, "required: {\"uid\": \"...\", \"type\": \"...\"} naming one of our tokens");
                continue;
            }
            var text = (string name) => given.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var owner = new PartyRef(text("country_code") ?? us.CountryCode, text("party_id") ?? us.PartyId);
            if (!owner.Equals(us))
            {
                fail(path, $"must be one of our own tokens ({us}), not {owner}'s");
                continue;
            }
            var type = text("type") ?? Protocol.Tokens.TokenSchemas.DefaultType;
            var view = await session.LoadAsync<TokenView>(TokenView.KeyOf(us, uid, type), ct);
            var refusal = view switch
            {
                null => $"unknown token {type} {uid}",
                { Valid: false } => $"token {type} {uid} is not valid (blocked)",
                { Policy.ExpiresAt: { } expiry } when expiry <= clock.GetUtcNow() => $"token {type} {uid} has expired",
                { Policy.NoCredit: true } => $"token {type} {uid} has no credit",
                { ContractId: null } => $"token {type} {uid} has no contract_id (a BookingToken needs one)",
                _ => null,
            };
            if (refusal is not null) fail(path, refusal);
            else tokens.Add(new JsonObject
            {
                ["country_code"] = OcpiPayload.String(view!.Token, "country_code"), ["party_id"] = OcpiPayload.String(view.Token, "party_id"),
                ["uid"] = view.Uid, ["type"] = view.Type, ["contract_id"] = view.ContractId,
            });
        }
        return tokens;
    }
}
