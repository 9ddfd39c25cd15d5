using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Simulator;

/// <summary>
/// The CPO simulator's scripted day against the service on real Kestrel, checked through the internal API the way a
/// user would look at it.
/// </summary>
public sealed class SimulatorDayTests(SimulatorDayFixture day) : IClassFixture<SimulatorDayFixture>
{
    private string Owner => $"country_code={day.Settings.Party.CountryCode}&party_id={day.Settings.Party.PartyId}";

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await day.Api.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public void every_call_of_the_day_is_accepted_and_the_day_is_complete()
    {
        day.Report.Refusals.ShouldBeEmpty(string.Join("\n", day.Report.Refusals));
        day.Progress.Done.ShouldBe(day.Progress.Total);
        day.Report.Tariffs.Count.ShouldBe(2);
        day.Report.Locations.Count.ShouldBe(day.Scenario.Locations.Count);
        day.Report.Sessions.Count.ShouldBe(day.Scenario.Sessions.Count);
        day.Report.Cdrs.Count.ShouldBe(day.Scenario.Sessions.Count);
        day.Report.EvseStatusChanges.ShouldBe(2 * day.Scenario.Sessions.Count + 2 * day.Scenario.Outages.Count);
        day.Output.ShouldContain(l => l.Contains("created 3 demo tokens"));
    }

    [Fact]
    public async Task the_simulated_cpo_is_a_registered_partner_with_its_party()
    {
        var partner = await GetAsync($"/api/partners/{day.Run.PartnerId}");
        partner.GetProperty("status").GetString().ShouldBe("Registered");
        partner.GetProperty("country_code").GetString().ShouldBe(day.Settings.Party.CountryCode);
        partner.GetProperty("party_id").GetString().ShouldBe(day.Settings.Party.PartyId);
    }

    [Fact]
    public async Task its_tariffs_and_locations_are_listed_with_the_evse_status_at_the_end_of_the_day()
    {
        Items(await GetAsync($"/api/tariffs?{Owner}")).Count.ShouldBe(2);
        var locations = Items(await GetAsync($"/api/locations?{Owner}"));
        locations.Select(l => l.GetProperty("location").GetProperty("id").GetString()).Order()
            .ShouldBe(day.Scenario.Locations.Select(l => l.Id).Order());
        // Every visit ended and the night's outage is over: all EVSEs are AVAILABLE again.
        locations.SelectMany(l => l.GetProperty("location").GetProperty("evses").EnumerateArray())
            .Select(e => e.GetProperty("status").GetString()).ShouldAllBe(s => s == "AVAILABLE");
    }

    [Fact]
    public async Task its_sessions_are_completed_with_the_energy_of_their_charging_periods()
    {
        var sessions = Items(await GetAsync($"/api/sessions?{Owner}&limit=100"));
        sessions.Count.ShouldBe(day.Scenario.Sessions.Count);
        foreach (var s in sessions.Select(s => s.GetProperty("session")))
        {
            s.GetProperty("status").GetString().ShouldBe("COMPLETED");
            var periods = s.GetProperty("charging_periods").EnumerateArray().ToList();
            periods.ShouldNotBeEmpty();
            var energy = periods.SelectMany(p => p.GetProperty("dimensions").EnumerateArray())
                .Where(d => d.GetProperty("type").GetString() == "ENERGY").Sum(d => d.GetProperty("volume").GetDecimal());
            s.GetProperty("kwh").GetDecimal().ShouldBe(energy);
            energy.ShouldBeGreaterThan(0m);
        }
    }

    [Fact]
    public async Task the_over_charged_cdr_is_flagged_by_the_cost_check_and_the_others_match()
    {
        Items(await GetAsync($"/api/cdrs?{Owner}&limit=100")).Count.ShouldBe(day.Scenario.Sessions.Count);
        var cpo = $"{day.Settings.Party.CountryCode}-{day.Settings.Party.PartyId}";
        List<JsonElement> lines = [];
        await Eventually.HoldsAsync(async () =>
        {
            lines = Items(await GetAsync($"/api/billing/lines?cpo={cpo}&limit=100"));
            return lines.Count == day.Scenario.Sessions.Count && lines.All(l => l.GetProperty("verdict").ValueKind == JsonValueKind.String);
        }, "every CDR of the day checked against its tariff", TimeSpan.FromMinutes(2));

        var verdicts = lines.ToDictionary(l => l.GetProperty("cdr_id").GetString()!, l => l.GetProperty("verdict").GetString());
        day.Report.OverchargedCdr.ShouldNotBeNull();
        verdicts[day.Report.OverchargedCdr].ShouldBe("OVERCHARGED");
        verdicts.Where(v => v.Key != day.Report.OverchargedCdr).ShouldAllBe(v => v.Value == "MATCH");
    }

    [Fact]
    public async Task every_session_was_authorized_in_real_time_and_carries_the_reference()
    {
        day.Report.Authorizations.Count.ShouldBe(day.Scenario.Sessions.Count);
        foreach (var reference in day.Report.Authorizations)
        {
            var authorization = await GetAsync($"/api/authorizations/{Uri.EscapeDataString(reference)}");
            authorization.GetProperty("sessions").GetArrayLength().ShouldBe(1);
            authorization.GetProperty("cdrs").GetArrayLength().ShouldBe(1);
        }
    }

    [Fact]
    public async Task the_simulator_receives_the_pushes_of_the_demo_tokens()
    {
        var uids = Enumerable.Range(1, 3).Select(ObjectFactory.DemoTokenUid).ToList();
        await Eventually.HoldsAsync(() => uids.All(uid => day.Run.Cpo.Requests.Any(r =>
            r.Method == "PUT" && r.Path.StartsWith("/ocpi/2.3.0/tokens/") && r.Path.Split('?')[0].EndsWith($"/{uid}"))),
            "a PUT of every demo token to the simulator's tokens receiver", TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task its_sender_lists_hold_the_day_and_a_pull_of_them_runs_clean()
    {
        var expected = new Dictionary<string, int>
        {
            ["locations"] = day.Scenario.Locations.Count, ["tariffs"] = 2,
            ["sessions"] = day.Scenario.Sessions.Count, ["cdrs"] = day.Scenario.Sessions.Count,
        };
        // What a first (full) pull reads, with the token the service calls the simulator with.
        foreach (var (module, count) in expected)
        {
            var list = await day.Run.Cpo.CallEmspAsync(HttpMethod.Get, $"{day.Run.Cpo.BaseUrl}/ocpi/2.3.0/{module}?offset=0&limit=50",
                day.Run.Cpo.TokenFromEmsp);
            (module, list.StatusCode, list.Data.GetArrayLength()).ShouldBe((module, 1000, count));
        }

        // The day's objects are dated yesterday, before the pull that followed the registration: an incremental pull
        // finds nothing new, and must neither fail nor refuse anything.
        (await day.Api.PostAsync($"/api/partners/{day.Run.PartnerId}/sync", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        List<JsonElement> modules = [];
        await Eventually.HoldsAsync(async () =>
        {
            modules = (await GetAsync($"/api/partners/{day.Run.PartnerId}/sync")).GetProperty("modules").EnumerateArray().ToList();
            return modules.All(m => m.TryGetProperty("last_run_ended_at", out var ended) && ended.ValueKind == JsonValueKind.String &&
                                    !m.GetProperty("running").GetBoolean());
        }, "a pull of every module of the simulator", TimeSpan.FromMinutes(2));
        foreach (var m in modules)
            (m.GetProperty("module").GetString(), m.GetProperty("objects_refused").GetInt32(), m.TryGetProperty("last_error", out _))
                .ShouldBe((m.GetProperty("module").GetString(), 0, false));
    }
}
