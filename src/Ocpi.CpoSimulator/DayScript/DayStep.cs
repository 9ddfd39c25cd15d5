namespace Ocpi.CpoSimulator.DayScript;

/// <summary>One thing the CPO tells the eMSP at a moment of the simulated day.</summary>
public abstract record DayStep(DateTimeOffset At)
{
    /// <summary>What happens, in words, for the progress display and for refusals.</summary>
    public abstract string Describe();
}

public sealed record PutTariff(DateTimeOffset At, TariffPlan Tariff) : DayStep(At)
{
    public override string Describe() => $"PUT tariff {Tariff.Id}";
}

public sealed record PutLocation(DateTimeOffset At, LocationPlan Location) : DayStep(At)
{
    public override string Describe() => $"PUT location {Location.Id} ({Location.Name}, {Location.Evses.Count} EVSEs)";
}

/// <summary>An EVSE's status changes; <see cref="Session"/> is the session that causes it, if any.</summary>
public sealed record SetEvseStatus(DateTimeOffset At, string LocationId, string EvseUid, string Status, SessionPlan? Session = null) : DayStep(At)
{
    public override string Describe() => $"PATCH EVSE {EvseUid} status {Status}";
}

/// <summary>The driver holds the card to the reader: real-time authorization of the token at the EVSE.</summary>
public sealed record AuthorizeToken(DateTimeOffset At, SessionPlan Session) : DayStep(At)
{
    public override string Describe() => $"POST authorize token for session #{Session.Number} at {Session.EvseUid}";
}

public sealed record StartSession(DateTimeOffset At, SessionPlan Session) : DayStep(At)
{
    public override string Describe() => $"PUT session #{Session.Number} ACTIVE at {Session.EvseUid}";
}

/// <summary>A charging period ended: PATCH the session with it, the energy so far and the running cost.</summary>
public sealed record MeterSession(DateTimeOffset At, SessionPlan Session, int Period) : DayStep(At)
{
    public override string Describe() => $"PATCH session #{Session.Number} charging period {Period + 1}";
}

/// <summary>The car leaves: PATCH the session COMPLETED (with its parking period, if any).</summary>
public sealed record StopSession(DateTimeOffset At, SessionPlan Session) : DayStep(At)
{
    public override string Describe() => $"PATCH session #{Session.Number} COMPLETED";
}

public sealed record SendCdr(DateTimeOffset At, SessionPlan Session) : DayStep(At)
{
    public override string Describe() => $"POST CDR of session #{Session.Number}" + (Session.Overcharged ? " (over-charged on purpose)" : "");
}
