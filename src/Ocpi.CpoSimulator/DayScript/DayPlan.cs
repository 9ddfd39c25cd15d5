namespace Ocpi.CpoSimulator.DayScript;

/// <summary>
/// Turns a <see cref="DayScenario"/> into the ordered steps of its day, starting at <paramref name="dayStart"/> (the
/// local midnight, as an instant): tariffs and locations first, then every EVSE status change, authorization, session
/// update and CDR at the moment it happens. Steps at the same moment keep the order in which they were planned.
/// </summary>
public static class DayPlan
{
    public static IReadOnlyList<DayStep> Steps(DayScenario scenario, DateTimeOffset dayStart)
    {
        var steps = new List<DayStep>();
        steps.AddRange(scenario.Tariffs.Select((t, i) => new PutTariff(dayStart.AddSeconds(i + 1), t)));
        steps.AddRange(scenario.Locations.Select((l, i) => new PutLocation(dayStart.AddMinutes(1).AddSeconds(i), l)));
        foreach (var outage in scenario.Outages)
        {
            steps.Add(new SetEvseStatus(dayStart + outage.From, outage.LocationId, outage.EvseUid, "OUTOFORDER"));
            steps.Add(new SetEvseStatus(dayStart + outage.Until, outage.LocationId, outage.EvseUid, "AVAILABLE"));
        }
        foreach (var session in scenario.Sessions)
        {
            var evse = scenario.Location(session.LocationId).Evses.Single(e => e.Uid == session.EvseUid);
            var start = dayStart + session.Start;
            steps.Add(new AuthorizeToken(start.AddSeconds(-40), session));
            steps.Add(new SetEvseStatus(start.AddSeconds(-5), session.LocationId, session.EvseUid, "CHARGING", session));
            steps.Add(new StartSession(start, session));
            var periods = SessionMeter.Periods(session, evse, dayStart);
            for (var i = 0; i < periods.Count; i++)
                if (!periods[i].Parking) steps.Add(new MeterSession(periods[i].End, session, i));
            var end = dayStart + session.End;
            steps.Add(new StopSession(end, session));
            steps.Add(new SetEvseStatus(end.AddSeconds(30), session.LocationId, session.EvseUid, "AVAILABLE", session));
            steps.Add(new SendCdr(end.AddMinutes(2), session));
        }
        return steps.Select((s, i) => (Step: s, Order: i)).OrderBy(s => s.Step.At).ThenBy(s => s.Order).Select(s => s.Step).ToList();
    }

    /// <summary>The local midnight that starts the day before <paramref name="now"/> in <paramref name="timeZone"/>: a whole day, all of it past.</summary>
    public static DateTimeOffset Yesterday(DateTimeOffset now, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date.AddDays(-1);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
