namespace Ocpi.CpoSimulator.DayScript;

/// <summary>A call the eMSP did not accept: the step, the HTTP status, and the OCPI status code and message when there was an envelope.</summary>
public sealed record Refusal(DayStep Step, int HttpStatus, int? StatusCode, string? Message)
{
    public override string ToString() =>
        $"{Step.Describe()}: HTTP {HttpStatus}" + (StatusCode is { } code ? $", OCPI {code}" : "") + (Message is { Length: > 0 } m ? $" \"{m}\"" : "");
}

/// <summary>What a played day sent and what the eMSP said; ids are as sent (the CPO's own ids).</summary>
public sealed class DayReport
{
    public List<string> Tariffs { get; } = [];
    public List<string> Locations { get; } = [];
    public List<string> Sessions { get; } = [];
    public List<string> Cdrs { get; } = [];
    /// <summary>authorization_reference of every ALLOWED real-time authorization.</summary>
    public List<string> Authorizations { get; } = [];
    /// <summary>Sessions not started because the eMSP did not allow the token (number and the allowed value it answered).</summary>
    public List<string> NotAllowed { get; } = [];
    public int EvseStatusChanges { get; set; }
    public int SessionUpdates { get; set; }
    public string? OverchargedCdr { get; set; }
    public List<Refusal> Refusals { get; } = [];

    public string Summary() =>
        $"{Tariffs.Count} tariffs, {Locations.Count} locations, {EvseStatusChanges} EVSE status changes, {Authorizations.Count} authorizations, " +
        $"{Sessions.Count} sessions ({SessionUpdates} updates), {Cdrs.Count} CDRs" +
        (OverchargedCdr is null ? "" : $" (over-charged on purpose: {OverchargedCdr})") +
        (NotAllowed.Count > 0 ? $", {NotAllowed.Count} sessions not allowed" : "") +
        $"; {Refusals.Count} refused";
}

/// <summary>Where a played day reports its progress (a console, a test's log, nothing).</summary>
public interface IDayProgress
{
    /// <summary>A step was sent (accepted or not); <paramref name="done"/> of <paramref name="total"/>.</summary>
    void StepDone(DayStep step, int done, int total);

    void Refused(Refusal refusal);

    void Note(string message);
}
