namespace Ocpi.Tariffs;

/// <summary>
/// The state of the session at the start of one charging period, against which TariffRestrictions are evaluated.
/// A CDR starts a new period whenever another PriceComponent becomes active (mod_cdrs ChargingPeriod), so the state at
/// a period's start holds for the whole period.
/// </summary>
internal sealed record PeriodState(PeriodModel Period, DateTime? LocalStart, decimal SecondsSinceStart, decimal? EnergyBeforeKwh);

/// <summary>
/// Evaluates an element's TariffRestrictions (logical AND) for a period. A restriction whose data the CDR does not give
/// makes the element undecidable, unless another restriction of the element already fails: then it is simply off.
/// </summary>
internal static class Restrictions
{
    public static bool Hold(TariffElementModel element, PeriodState state)
    {
        if (element.Restrictions is not { } r) return true;
        string? unknown = null;
        var holds = true;

        void Check(bool? outcome, string restriction, string needs)
        {
            if (outcome == false) holds = false;
            else if (outcome is null) unknown ??= $"restriction {restriction} of tariff element {element.Number} needs {needs} " +
                                                  $"for charging period {state.Period.Index}, which the input does not give";
        }

        const string zone = "the location's local time (time_zone)";
        if (r.StartTime is not null || r.EndTime is not null)
            Check(state.LocalStart is { } t ? TimeOfDay(TimeOnly.FromDateTime(t), r.StartTime, r.EndTime) : null,
                r.StartTime is not null ? "start_time" : "end_time", zone);
        if (r.StartDate is { } fromDate)
            Check(state.LocalStart is { } t ? DateOnly.FromDateTime(t) >= fromDate : null, "start_date", zone);
        if (r.EndDate is { } untilDate)
            Check(state.LocalStart is { } t ? DateOnly.FromDateTime(t) < untilDate : null, "end_date", zone);
        if (r.DaysOfWeek.Count > 0)
            Check(state.LocalStart is { } t ? r.DaysOfWeek.Contains(t.DayOfWeek) : null, "day_of_week", zone);

        const string energy = "the energy charged so far (ENERGY dimensions)";
        if (r.MinKwh is { } minKwh) Check(state.EnergyBeforeKwh is { } e ? e >= minKwh : null, "min_kwh", energy);
        if (r.MaxKwh is { } maxKwh) Check(state.EnergyBeforeKwh is { } e ? e < maxKwh : null, "max_kwh", energy);

        if (r.MinDuration is { } minDuration) Check(state.SecondsSinceStart >= minDuration, "min_duration", "");
        if (r.MaxDuration is { } maxDuration) Check(state.SecondsSinceStart < maxDuration, "max_duration", "");

        var current = Range.Of(state.Period, CdrDimensions.MinCurrent, CdrDimensions.MaxCurrent, state.Period.Optional(CdrDimensions.Current));
        const string amps = "the charging current (CURRENT, MIN_CURRENT or MAX_CURRENT dimensions)";
        if (r.MinCurrent is { } minCurrent) Check(current.AtLeast(minCurrent), "min_current", amps);
        if (r.MaxCurrent is { } maxCurrent) Check(current.Below(maxCurrent), "max_current", amps);

        var power = Range.Of(state.Period, CdrDimensions.MinPower, CdrDimensions.MaxPower, AveragePower(state.Period));
        const string kw = "the charging power (POWER, MIN_POWER or MAX_POWER dimensions, or ENERGY and TIME)";
        if (r.MinPower is { } minPower) Check(power.AtLeast(minPower), "min_power", kw);
        if (r.MaxPower is { } maxPower) Check(power.Below(maxPower), "max_power", kw);

        if (!holds) return false;
        return unknown is null ? true : throw new UnpriceableException(unknown);
    }

    /// <summary>[start_time, end_time) in local time; end before start wraps past midnight; 00:00 as end is the end of the day.</summary>
    private static bool TimeOfDay(TimeOnly t, TimeOnly? start, TimeOnly? end)
    {
        if (start is { } s && end is { } e)
        {
            if (s == e) return true;
            return s < e ? t >= s && t < e : t >= s || t < e;
        }
        if (start is { } from) return t >= from;
        // Only end_time: valid from the start of the day; "00:00" means until the end of the day.
        return end is { } until && (until == TimeOnly.MinValue || t < until);
    }

    /// <summary>The average power of a period: POWER, else its ENERGY over its charging TIME.</summary>
    private static decimal? AveragePower(PeriodModel p)
    {
        if (p.Optional(CdrDimensions.Power) is { } power) return power;
        var hours = p.Volume(CdrDimensions.Time);
        return p.Has(CdrDimensions.Energy) && hours > 0 ? p.Volume(CdrDimensions.Energy) / hours : null;
    }

    /// <summary>
    /// What a period tells of an instantaneous quantity: its minimum and maximum (MIN_/MAX_ dimensions) and its average.
    /// A bound decides when the whole period lies on one side of the threshold; otherwise the average decides.
    /// </summary>
    private sealed record Range(decimal? Min, decimal? Max, decimal? Average)
    {
        public static Range Of(PeriodModel p, string min, string max, decimal? average) =>
            new(p.Optional(min) ?? average, p.Optional(max) ?? average, average);

        /// <summary>min_current/min_power: active while the quantity is at or above the threshold.</summary>
        public bool? AtLeast(decimal threshold) =>
            Min >= threshold ? true : Max < threshold ? false : Average is { } a ? a >= threshold : null;

        /// <summary>max_current/max_power: active while the quantity is below the threshold.</summary>
        public bool? Below(decimal threshold) =>
            Max < threshold ? true : Min >= threshold ? false : Average is { } a ? a < threshold : null;
    }
}
