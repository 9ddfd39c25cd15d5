namespace Ocpi.CpoSimulator.DayScript;

/// <summary>A charging period as the meter saw it: energy in kWh and time in hours, or parking hours when no energy flowed.</summary>
public sealed record MeteredPeriod(DateTimeOffset Start, DateTimeOffset End, decimal EnergyKwh, bool Parking)
{
    public decimal Hours => Math.Round((decimal)(End - Start).TotalHours, 6);
}

/// <summary>
/// Splits a session into the charging periods a CPO reports: every 30 minutes on AC, every 10 minutes on DC (where the
/// power falls as the battery fills), then one parking period. Energy is power times time, so kWh always match the
/// charger and the clock.
/// </summary>
public static class SessionMeter
{
    public static IReadOnlyList<MeteredPeriod> Periods(SessionPlan plan, EvsePlan evse, DateTimeOffset dayStart)
    {
        var start = dayStart + plan.Start;
        var chargingEnd = start + plan.Charging;
        var step = TimeSpan.FromMinutes(evse.Dc ? 10 : 30);
        var periods = new List<MeteredPeriod>();
        for (var from = start; from < chargingEnd; from += step)
        {
            var to = from + step < chargingEnd ? from + step : chargingEnd;
            // DC: from full power down to 60 % at the end of the session (the battery's charging curve).
            var progress = (decimal)((from - start) / plan.Charging);
            var power = evse.Dc ? plan.PowerKw * (1m - 0.4m * progress) : plan.PowerKw;
            periods.Add(new MeteredPeriod(from, to, Math.Round(power * (decimal)(to - from).TotalHours, 3), false));
        }
        if (plan.Parking > TimeSpan.Zero) periods.Add(new MeteredPeriod(chargingEnd, chargingEnd + plan.Parking, 0m, true));
        return periods;
    }
}
