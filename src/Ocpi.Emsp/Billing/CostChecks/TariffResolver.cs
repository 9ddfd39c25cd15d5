using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>The tariff a CDR is priced with and where it came from, or why there is none (and which tariffs it waits for).</summary>
public sealed record ResolvedTariff(JsonObject? Tariff, TariffUsed? Used, string? Unpriceable, IReadOnlyList<string> MissingTariffKeys)
{
    /// <summary>The Location's time zone (time and day restrictions are in local time); null when not held or unknown.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    public static ResolvedTariff Found(JsonObject tariff, TariffUsed used) => new(tariff, used, null, []);
    public static ResolvedTariff None(string reason, params string[] missingTariffKeys) => new(null, null, reason, missingTariffKeys);
}

/// <summary>
/// Finds the tariff of a CDR as it stood at the session's start (mod_cdrs.asciidoc: a CDR is "sealed", its tariffs are
/// those at the start of the session):
/// 1. the CDR names it (its <c>tariffs</c>, the charging periods' <c>tariff_id</c>): our held version of that tariff id
///    under the CDR's party at start_date_time; else the CDR's embedded copy; else the first version we received after
///    the start;
/// 2. it names none: the <c>tariff_ids</c> of its connector (cdr_location id, evse_uid, connector_id) in the Location
///    as held at the start (else the first version we held), the REGULAR or untyped one when there are several, each
///    tariff as held at the start (else the first version after it);
/// 3. nothing held: no tariff, with the reason, and the tariff streams whose arrival would change that.
/// A resolver lives as long as the daemon's subscription: a tariff stream is read once and kept until a PUT or DELETE of
/// that tariff passes the subscription (<see cref="Forget"/>), a Location's time zone is read once; both caches are
/// emptied when they grow past <see cref="MaxCached"/> entries.
/// </summary>
public sealed class TariffResolver
{
    public const int MaxCached = 10_000;
    private readonly Dictionary<string, TariffHistory> _tariffs = [];

    private readonly Dictionary<string, TimeZoneInfo?> _timeZones = [];

    /// <summary>The tariff stream changed: read it again when next needed.</summary>
    public void Forget(string tariffKey) => _tariffs.Remove(tariffKey);

    public async Task<ResolvedTariff> ResolveAsync(IQuerySession session, CdrView cdr, CancellationToken ct)
    {
        var owner = new PartyRef(cdr.CountryCode, cdr.PartyId);
        var embedded = (cdr.Cdr["tariffs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var resolved = embedded.Count > 0 || NamesPeriodTariff(cdr.Cdr)
            ? await NamedByCdrAsync(session, cdr, owner, embedded, ct)
            : await NamedByConnectorAsync(session, cdr, owner, ct);
        return resolved.Tariff is null ? resolved : resolved with { TimeZone = await TimeZoneAsync(session, cdr, owner, ct) };
    }

    /// <summary>The time_zone of the CDR's Location as first read (CdrLocation has none; a Location's zone does not move).</summary>
    private async Task<TimeZoneInfo?> TimeZoneAsync(IQuerySession session, CdrView cdr, PartyRef owner, CancellationToken ct)
    {
        if (cdr.LocationId is null) return null;
        var key = StreamKeys.For("location", owner, cdr.LocationId);
        if (_timeZones.TryGetValue(key, out var zone)) return zone;
        var location = await session.LoadAsync<LocationView>(key, ct);
        zone = location is not null && OcpiPayload.String(location.Location, "time_zone") is { } id &&
            TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null;
        if (_timeZones.Count >= MaxCached) _timeZones.Clear();
        return _timeZones[key] = zone;
    }

    private async Task<ResolvedTariff> NamedByCdrAsync(IQuerySession session, CdrView cdr, PartyRef owner, List<JsonObject> embedded, CancellationToken ct)
    {
        var (tariffId, unpriceable) = TariffChoice.NamedBy(cdr.Cdr, embedded);
        if (tariffId is null) return ResolvedTariff.None(unpriceable!);
        var history = await HistoryAsync(session, StreamKeys.For("tariff", owner, tariffId), ct);
        if (history.InForceAt(cdr.StartDateTime) is { } held)
            return ResolvedTariff.Found(held.Tariff, new TariffUsed(tariffId, history.StreamKey, held.Version, "HELD"));
        if (TariffChoice.Embedded(embedded, tariffId) is { } copy)
            return ResolvedTariff.Found(copy, new TariffUsed(tariffId, null, null, "EMBEDDED"));
        if (history.FirstAfter(cdr.StartDateTime) is { } later)
            return ResolvedTariff.Found(later.Tariff, new TariffUsed(tariffId, history.StreamKey, later.Version, "HELD"));
        return ResolvedTariff.None($"tariff {tariffId} is neither held nor embedded in the CDR", history.StreamKey);
    }

    private async Task<ResolvedTariff> NamedByConnectorAsync(IQuerySession session, CdrView cdr, PartyRef owner, CancellationToken ct)
    {
        if (cdr.Cdr["cdr_location"] is not JsonObject place || OcpiPayload.String(place, "id") is not { } locationId)
            return ResolvedTariff.None("the CDR names no tariff and no location");
        var evseUid = OcpiPayload.String(place, "evse_uid");
        var connectorId = OcpiPayload.String(place, "connector_id");
        if (evseUid is null or "#NA" || connectorId is null or "#NA")
            return ResolvedTariff.None("the CDR names no tariff and no connector (reservation-only CDR)");

        var locationKey = StreamKeys.For("location", owner, locationId);
        var location = await session.Events.AggregateStreamAsync<LocationView>(locationKey, timestamp: cdr.StartDateTime, token: ct)
            ?? await session.Events.AggregateStreamAsync<LocationView>(locationKey, version: 1, token: ct);
        if (location is null) return ResolvedTariff.None($"the CDR names no tariff, and location {locationId} is not held");
        var connector = LocationTree.FindEvse(location.Location, evseUid) is { } evse ? LocationTree.FindConnector(evse, connectorId) : null;
        if (connector is null)
            return ResolvedTariff.None($"the CDR names no tariff, and connector {evseUid}/{connectorId} is not in location {locationId} as held");
        var tariffIds = (connector["tariff_ids"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>().ToList();
        if (tariffIds.Count == 0) return ResolvedTariff.None($"the CDR names no tariff, and connector {evseUid}/{connectorId} has no tariff_ids");

        var held = new List<(string Id, TariffHistory History, HeldTariff Tariff)>();
        var missing = new List<string>();
        foreach (var id in tariffIds)
        {
            var history = await HistoryAsync(session, StreamKeys.For("tariff", owner, id), ct);
            if ((history.InForceAt(cdr.StartDateTime) ?? history.FirstAfter(cdr.StartDateTime)) is { } tariff) held.Add((id, history, tariff));
            else missing.Add(history.StreamKey);
        }
        var chosen = tariffIds.Count == 1 && held.Count == 1 ? held[0] : held.FirstOrDefault(h => h.Tariff.IsRegular);
        if (chosen.History is not null)
            return ResolvedTariff.Found(chosen.Tariff.Tariff, new TariffUsed(chosen.Id, chosen.History.StreamKey, chosen.Tariff.Version, "LOCATION"));
        return missing.Count > 0
            ? ResolvedTariff.None($"the CDR names no tariff, and its connector's tariff(s) {string.Join(", ", tariffIds)} are not held", [.. missing])
            : ResolvedTariff.None($"the CDR names no tariff, and none of its connector's tariffs ({string.Join(", ", tariffIds)}) is REGULAR");
    }

    private static bool NamesPeriodTariff(JsonObject cdr) =>
        (cdr["charging_periods"] as JsonArray ?? []).OfType<JsonObject>().Any(p => OcpiPayload.String(p, "tariff_id") is not null);

    private async Task<TariffHistory> HistoryAsync(IQuerySession session, string key, CancellationToken ct)
    {
        if (_tariffs.TryGetValue(key, out var history)) return history;
        var events = await session.Events.FetchStreamAsync(key, token: ct);
        if (_tariffs.Count >= MaxCached) _tariffs.Clear();
        return _tariffs[key] = new TariffHistory(key, events);
    }
}
