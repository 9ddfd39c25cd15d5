using System.Diagnostics;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;
using Ocpi.Tariffs;

namespace Ocpi.CpoSimulator.DayScript;

/// <summary>
/// Plays a day's steps against the eMSP the simulator is registered with, paced so that the whole day takes
/// <paramref name="length"/> of real time (zero: as fast as the eMSP answers). Every object sent is also served in
/// the simulator's SENDER lists, so that the eMSP can pull what it was pushed. A refused call is reported and the day
/// goes on; a session whose token the eMSP does not allow is not started.
/// </summary>
public sealed class DayPlayer(CpoSimulator cpo, DayScenario scenario, IReadOnlyList<JsonObject> tokens, DateTimeOffset dayStart,
    TimeSpan length, IDayProgress progress)
{
    private readonly PartyRef _party = cpo.Options.Party;
    private readonly string _runTag = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..3]);
    private readonly Dictionary<string, JsonObject> _tariffs = [];
    private readonly Dictionary<string, JsonObject> _locations = [];
    private readonly Dictionary<int, SessionState> _sessions = [];
    private readonly DayReport _report = new();

    private sealed class SessionState(JsonObject token)
    {
        public JsonObject Token { get; } = token;
        public string? AuthorizationReference { get; set; }
        public JsonObject? Session { get; set; }
    }

    public async Task<DayReport> PlayAsync(CancellationToken ct = default)
    {
        var steps = DayPlan.Steps(scenario, dayStart);
        if (tokens.Count == 0 && scenario.Sessions.Count > 0)
            progress.Note("The eMSP has no tokens to authorize: the day runs without charging sessions.");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps.Count; i++)
        {
            var due = length * ((steps[i].At - dayStart) / TimeSpan.FromDays(1));
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, ct);
            ct.ThrowIfCancellationRequested();
            await PlayAsync(steps[i]);
            progress.StepDone(steps[i], i + 1, steps.Count);
        }
        return _report;
    }

    private Task PlayAsync(DayStep step) => step switch
    {
        PutTariff s => PutTariffAsync(s),
        PutLocation s => PutLocationAsync(s),
        SetEvseStatus s => SetEvseStatusAsync(s),
        AuthorizeToken s => AuthorizeAsync(s),
        StartSession s => StartSessionAsync(s),
        MeterSession s => MeterSessionAsync(s),
        StopSession s => StopSessionAsync(s),
        SendCdr s => SendCdrAsync(s),
        _ => throw new InvalidOperationException($"Unknown step {step.GetType().Name}"),
    };

    private async Task PutTariffAsync(PutTariff step)
    {
        var tariff = ObjectFactory.Tariff(step.Tariff, _party, scenario.Currency, step.At);
        if (!await SendAsync(step, HttpMethod.Put, Url(ModuleId.Tariffs, step.Tariff.Id), tariff)) return;
        _tariffs[step.Tariff.Id] = tariff;
        cpo.Serve(ModuleId.Tariffs, tariff);
        _report.Tariffs.Add(step.Tariff.Id);
    }

    private async Task PutLocationAsync(PutLocation step)
    {
        var location = ObjectFactory.Location(step.Location, _party, scenario.TimeZone, cpo.Options.Name, step.At);
        if (!await SendAsync(step, HttpMethod.Put, Url(ModuleId.Locations, step.Location.Id), location)) return;
        _locations[step.Location.Id] = location;
        cpo.Serve(ModuleId.Locations, location);
        _report.Locations.Add(step.Location.Id);
    }

    private async Task SetEvseStatusAsync(SetEvseStatus step)
    {
        if (step.Session is { } session && !_sessions.ContainsKey(session.Number)) return;
        var patch = ObjectFactory.EvseStatus(step.Status, step.At);
        if (!await SendAsync(step, HttpMethod.Patch, Url(ModuleId.Locations, $"{step.LocationId}/{step.EvseUid}"), patch)) return;
        _report.EvseStatusChanges++;
        if (!_locations.TryGetValue(step.LocationId, out var location)) return;
        var evse = location["evses"]!.AsArray().OfType<JsonObject>().Single(e => e["uid"]!.GetValue<string>() == step.EvseUid);
        evse["status"] = step.Status;
        evse["last_updated"] = OcpiDateTime.Format(step.At);
        location["last_updated"] = OcpiDateTime.Format(step.At);
        cpo.Serve(ModuleId.Locations, location);
    }

    private async Task AuthorizeAsync(AuthorizeToken step)
    {
        if (tokens.Count == 0) return;
        var token = tokens[step.Session.TokenIndex % tokens.Count];
        var url = $"{cpo.EmspEndpoint(ModuleId.Tokens)}/{Uri.EscapeDataString(token["uid"]!.GetValue<string>())}/authorize" +
                  $"?type={token["type"]!.GetValue<string>()}";
        var body = new JsonObject { ["location_id"] = step.Session.LocationId, ["evse_uids"] = new JsonArray(step.Session.EvseUid) };
        var result = await CallAsync(step, HttpMethod.Post, url, body);
        if (result is null) return;
        var allowed = result.Data.TryGetProperty("allowed", out var a) ? a.GetString() : null;
        if (allowed != "ALLOWED")
        {
            _report.NotAllowed.Add($"#{step.Session.Number}: {allowed}");
            progress.Note($"Session #{step.Session.Number}: the eMSP answered {allowed} for token {token["uid"]}; the driver goes away.");
            return;
        }
        var reference = result.Data.TryGetProperty("authorization_reference", out var r) ? r.GetString() : null;
        if (reference is not null) _report.Authorizations.Add(reference);
        _sessions[step.Session.Number] = new SessionState(token) { AuthorizationReference = reference };
    }

    private async Task StartSessionAsync(StartSession step)
    {
        if (!_sessions.TryGetValue(step.Session.Number, out var state)) return;
        var day = TimeZoneInfo.ConvertTime(dayStart, TimeZoneInfo.FindSystemTimeZoneById(scenario.TimeZone));
        var id = $"{day:yyyyMMdd}-{step.Session.Number:D4}-{_runTag}";
        var session = ObjectFactory.Session(id, _party, step.Session, state.Token, state.AuthorizationReference, scenario.Currency, step.At);
        if (!await SendAsync(step, HttpMethod.Put, Url(ModuleId.Sessions, id), session)) return;
        state.Session = session;
        cpo.Serve(ModuleId.Sessions, session);
        _report.Sessions.Add(id);
    }

    private async Task MeterSessionAsync(MeterSession step)
    {
        if (!_sessions.TryGetValue(step.Session.Number, out var state) || state.Session is not { } session) return;
        var periods = Periods(step.Session);
        var sofar = periods.Take(step.Period + 1).ToList();
        var patch = new JsonObject
        {
            ["kwh"] = sofar.Sum(p => p.EnergyKwh),
            ["charging_periods"] = new JsonArray(ObjectFactory.Period(periods[step.Period], TariffId(step.Session))),
            ["last_updated"] = OcpiDateTime.Format(step.At),
        };
        if (Costs(step.Session, sofar, step.At) is { } costs) patch["total_cost"] = ObjectFactory.Price(costs.Total);
        await PatchSessionAsync(step, session, patch);
    }

    private async Task StopSessionAsync(StopSession step)
    {
        if (!_sessions.TryGetValue(step.Session.Number, out var state) || state.Session is not { } session) return;
        var periods = Periods(step.Session);
        var patch = new JsonObject
        {
            ["status"] = "COMPLETED",
            ["end_date_time"] = OcpiDateTime.Format(step.At),
            ["kwh"] = periods.Sum(p => p.EnergyKwh),
            ["last_updated"] = OcpiDateTime.Format(step.At),
        };
        var parking = periods.Where(p => p.Parking).Select(p => (JsonNode)ObjectFactory.Period(p, TariffId(step.Session))).ToArray();
        if (parking.Length > 0) patch["charging_periods"] = new JsonArray(parking);
        if (Costs(step.Session, periods, step.At) is { } costs) patch["total_cost"] = ObjectFactory.Price(costs.Total);
        await PatchSessionAsync(step, session, patch);
    }

    private async Task PatchSessionAsync(DayStep step, JsonObject session, JsonObject patch)
    {
        if (!await SendAsync(step, HttpMethod.Patch, Url(ModuleId.Sessions, session["id"]!.GetValue<string>()), patch)) return;
        _report.SessionUpdates++;
        // mod_sessions: charging_periods in a PATCH are appended; every other field is replaced.
        foreach (var (field, value) in patch)
        {
            if (field == "charging_periods") foreach (var p in value!.AsArray()) session["charging_periods"] = Append(session["charging_periods"], p!);
            else session[field] = value?.DeepClone();
        }
        cpo.Serve(ModuleId.Sessions, session);
    }

    private static JsonArray Append(JsonNode? list, JsonNode item)
    {
        var array = list as JsonArray ?? [];
        array.Add(item.DeepClone());
        return (JsonArray)array.DeepClone();
    }

    private async Task SendCdrAsync(SendCdr step)
    {
        if (!_sessions.TryGetValue(step.Session.Number, out var state) || state.Session is not { } session) return;
        var plan = step.Session;
        var location = scenario.Location(plan.LocationId);
        var evse = location.Evses.Single(e => e.Uid == plan.EvseUid);
        var priceable = ObjectFactory.Priceable(dayStart + plan.Start, dayStart + plan.End, scenario.Currency, Periods(plan), evse.TariffId);
        if (TariffPricing.Price(_tariffs[evse.TariffId], priceable).Costs is not { } costs)
        {
            progress.Note($"Session #{plan.Number} cannot be priced with tariff {evse.TariffId}: no CDR sent.");
            return;
        }
        var overcharge = plan.Overcharged ? Math.Max(1.00m, Math.Round(costs.Total.BeforeTaxes * 0.2m, 2)) : 0m;
        var id = $"CDR-{session["id"]!.GetValue<string>()}";
        var cdr = ObjectFactory.Cdr(id, session["id"]!.GetValue<string>(), _party, location, evse, state.Token, state.AuthorizationReference,
            _tariffs[evse.TariffId], priceable, costs, overcharge, step.At);
        if (!await SendAsync(step, HttpMethod.Post, cpo.EmspEndpoint(ModuleId.Cdrs), cdr)) return;
        cpo.Serve(ModuleId.Cdrs, cdr);
        _report.Cdrs.Add(id);
        if (plan.Overcharged) _report.OverchargedCdr = id;
    }

    private IReadOnlyList<MeteredPeriod> Periods(SessionPlan plan) =>
        SessionMeter.Periods(plan, scenario.Location(plan.LocationId).Evses.Single(e => e.Uid == plan.EvseUid), dayStart);

    private string TariffId(SessionPlan plan) => scenario.Location(plan.LocationId).Evses.Single(e => e.Uid == plan.EvseUid).TariffId;

    private SessionCosts? Costs(SessionPlan plan, IReadOnlyList<MeteredPeriod> periods, DateTimeOffset now) =>
        _tariffs.TryGetValue(TariffId(plan), out var tariff)
            ? TariffPricing.Price(tariff, ObjectFactory.Priceable(dayStart + plan.Start, now, scenario.Currency, periods, TariffId(plan))).Costs
            : null;

    private string Url(string module, string path) => $"{cpo.EmspEndpoint(module)}/{_party.CountryCode}/{_party.PartyId}/{path}";

    private async Task<bool> SendAsync(DayStep step, HttpMethod method, string url, JsonObject body) =>
        await CallAsync(step, method, url, body) is not null;

    /// <summary>The eMSP's answer when it accepted the call (OCPI 1000); otherwise null, with the refusal reported.</summary>
    private async Task<OcpiCallResult?> CallAsync(DayStep step, HttpMethod method, string url, JsonObject body)
    {
        OcpiCallResult result;
        try
        {
            result = await cpo.CallEmspAsync(method, url, cpo.TokenForEmsp, body);
        }
        catch (HttpRequestException e)
        {
            Refuse(new Refusal(step, 0, null, e.Message));
            return null;
        }
        if ((int)result.HttpStatus is >= 200 and < 300 && result.StatusCode == OcpiStatusCode.Success) return result;
        Refuse(new Refusal(step, (int)result.HttpStatus, result.StatusCode, result.StatusMessage));
        return null;
    }

    private void Refuse(Refusal refusal)
    {
        _report.Refusals.Add(refusal);
        progress.Refused(refusal);
    }
}
