using System.Text.Json.Nodes;

namespace Ocpi.Tariffs;

/// <summary>The parts of a CDR (mod_cdrs CDR object) that pricing reads: its period, charging periods and totals.</summary>
internal sealed record SessionModel(
    DateTimeOffset Start,
    DateTimeOffset End,
    string Currency,
    IReadOnlyList<PeriodModel> Periods,
    decimal? TotalEnergy,
    decimal? TotalTime,
    decimal? TotalParkingTime,
    TimeZoneInfo? TimeZone)
{
    public static SessionModel Parse(JsonObject cdr, TimeZoneInfo? timeZone)
    {
        const string path = "cdr";
        var start = JsonRead.RequiredInstant(cdr, "start_date_time", path);
        var end = JsonRead.RequiredInstant(cdr, "end_date_time", path);
        if (end < start) throw new UnpriceableException("cdr.end_date_time is before cdr.start_date_time");
        var currency = JsonRead.String(cdr, "currency", path) ?? throw new UnpriceableException("cdr.currency is missing");
        var raw = JsonRead.Objects(cdr, "charging_periods", path);
        if (raw.Count == 0) throw new UnpriceableException("cdr.charging_periods is missing or empty: nothing to price");

        var parsed = raw.Select((p, i) => (Index: i, Start: JsonRead.RequiredInstant(p, "start_date_time", $"cdr.charging_periods[{i}]"), Json: p))
            .OrderBy(p => p.Start).ThenBy(p => p.Index).ToList();
        var periods = new List<PeriodModel>(parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            var (index, periodStart, json) = parsed[i];
            // "A period ends where the next begins; the last ends with the session" (mod_cdrs ChargingPeriod).
            var periodEnd = i + 1 < parsed.Count ? parsed[i + 1].Start : end;
            if (periodEnd < periodStart)
                throw new UnpriceableException($"cdr.charging_periods[{index}] starts after cdr.end_date_time");
            periods.Add(PeriodModel.Parse(json, index, periodStart, periodEnd));
        }
        return new SessionModel(start, end, currency, periods,
            JsonRead.Number(cdr, "total_energy", path), JsonRead.Number(cdr, "total_time", path),
            JsonRead.Number(cdr, "total_parking_time", path), timeZone ?? LocationTimeZone(cdr));
    }

    /// <summary>
    /// CdrLocation has no time_zone in 2.3.0; a caller that knows the Location's time_zone may add it to cdr_location
    /// (as Location.time_zone, an IANA name) so that time and date restrictions can be evaluated.
    /// </summary>
    private static TimeZoneInfo? LocationTimeZone(JsonObject cdr)
    {
        var location = JsonRead.Object(cdr, "cdr_location", "cdr");
        var name = location is null ? null : JsonRead.String(location, "time_zone", "cdr.cdr_location");
        if (name is null) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone)
            ? zone
            : throw new UnpriceableException($"cdr.cdr_location.time_zone '{name}' is not a known IANA time zone");
    }

    /// <summary>The energy charged before a period, if the CDR tells it (ENERGY dimensions, or a total of 0 kWh).</summary>
    public bool EnergyKnown => Periods.Any(p => p.Has(CdrDimensions.Energy)) || TotalEnergy == 0;
}

/// <summary>A ChargingPeriod with its end (the next period's start, or the session's end) and its dimension volumes.</summary>
internal sealed record PeriodModel(int Index, DateTimeOffset Start, DateTimeOffset End, IReadOnlyDictionary<string, decimal> Volumes, string? TariffId)
{
    public bool Has(string dimension) => Volumes.ContainsKey(dimension);

    public decimal Volume(string dimension) => Volumes.GetValueOrDefault(dimension);

    public decimal? Optional(string dimension) => Volumes.TryGetValue(dimension, out var v) ? v : null;

    /// <summary>A period of reservation time only (the EVSE was reserved and not yet used).</summary>
    public bool ReservationOnly => Volume(CdrDimensions.ReservationTime) > 0 &&
        Volume(CdrDimensions.Energy) == 0 && Volume(CdrDimensions.Time) == 0 && Volume(CdrDimensions.ParkingTime) == 0;

    public static PeriodModel Parse(JsonObject period, int index, DateTimeOffset start, DateTimeOffset end)
    {
        var path = $"cdr.charging_periods[{index}]";
        var volumes = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var dimensions = JsonRead.Objects(period, "dimensions", path);
        for (var i = 0; i < dimensions.Count; i++)
        {
            var type = JsonRead.String(dimensions[i], "type", $"{path}.dimensions[{i}]")
                       ?? throw new UnpriceableException($"{path}.dimensions[{i}].type is missing");
            var volume = JsonRead.RequiredNumber(dimensions[i], "volume", $"{path}.dimensions[{i}]");
            // A type listed twice in one period: both volumes were consumed in it.
            volumes[type] = volumes.GetValueOrDefault(type) + volume;
        }
        return new PeriodModel(index, start, end, volumes, JsonRead.String(period, "tariff_id", path));
    }
}

/// <summary>CdrDimensionType values pricing reads.</summary>
internal static class CdrDimensions
{
    public const string Energy = "ENERGY", Time = "TIME", ParkingTime = "PARKING_TIME", ReservationTime = "RESERVATION_TIME";
    public const string Current = "CURRENT", MinCurrent = "MIN_CURRENT", MaxCurrent = "MAX_CURRENT";
    public const string Power = "POWER", MinPower = "MIN_POWER", MaxPower = "MAX_POWER";
}
