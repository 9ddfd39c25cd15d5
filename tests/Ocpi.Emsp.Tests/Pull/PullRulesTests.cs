using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Pull;

/// <summary>A pulled object is decided by the receiver's own rules: nothing twice, nothing older, nothing of another party.</summary>
public sealed class PullRulesTests(PullFixture emsp) : IClassFixture<PullFixture>
{
    private static string Url(CpoSimulator.CpoSimulator cpo, string module, string id) =>
        $"{cpo.EmspEndpoint(module)}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}";

    private static async Task PushAsync(CpoSimulator.CpoSimulator cpo, HttpMethod method, string url, JsonObject body)
    {
        var result = await cpo.CallEmspAsync(method, url, cpo.TokenForEmsp, rawBody: body.ToJsonString());
        result.StatusCode.ShouldBe(1000, result.StatusMessage);
    }

    [Fact]
    public async Task an_object_pushed_and_later_pulled_unchanged_makes_no_new_event_and_a_newer_pulled_one_makes_one()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(_ => { });
        await emsp.WaitForInitialSyncAsync(partnerId);
        // After the first run's start: the next runs ask for objects changed since (date_from).
        var now = DateTimeOffset.UtcNow;
        var owner = cpo.Options.Party;
        var location = PullFixture.Location(owner, "PUSHED", now);
        var cdr = PullFixture.Cdr(owner, "CDR1", now);
        await PushAsync(cpo, HttpMethod.Put, Url(cpo, ModuleId.Locations, "PUSHED"), location);
        await PushAsync(cpo, HttpMethod.Post, cpo.EmspEndpoint(ModuleId.Cdrs), cdr);
        cpo.Serve(ModuleId.Locations, location);
        cpo.Serve(ModuleId.Cdrs, cdr);

        await emsp.TriggerAndWaitAsync(partnerId, ModuleId.Locations, ModuleId.Cdrs);

        (await emsp.EventTypesAsync(PullFixture.Key("location", owner, "PUSHED"))).ShouldBe(["LocationPut"]);
        (await emsp.EventTypesAsync(PullFixture.Key("cdr", owner, "CDR1"))).ShouldBe(["CdrReceived"]);
        var status = await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations);
        status.GetProperty("objects_pulled").GetInt32().ShouldBe(1);
        status.GetProperty("events_appended").GetInt32().ShouldBe(0);

        location["name"] = "Renamed at the CPO";
        location["last_updated"] = Protocol.Json.OcpiDateTime.Format(now.AddHours(1));
        cpo.Serve(ModuleId.Locations, location);
        await emsp.TriggerAndWaitAsync(partnerId, ModuleId.Locations);

        var events = await emsp.EventsAsync(PullFixture.Key("location", owner, "PUSHED"));
        events.Select(e => e.Headers!["source"].ToString()).ShouldBe(["ocpi", "pull"]);
        (await emsp.LoadAsync<Emsp.Locations.LocationView>(PullFixture.Key("location", owner, "PUSHED")))!.Name.ShouldBe("Renamed at the CPO");
    }

    [Fact]
    public async Task an_older_pulled_version_does_not_regress_a_newer_pushed_one_nor_bring_back_a_deleted_tariff()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(_ => { });
        await emsp.WaitForInitialSyncAsync(partnerId);
        // After the first run's start: the next runs ask for objects changed since (date_from).
        var now = DateTimeOffset.UtcNow;
        var owner = cpo.Options.Party;
        var newer = PullFixture.Session(owner, "S1", now.AddHours(2));
        newer["kwh"] = 30;
        await PushAsync(cpo, HttpMethod.Put, Url(cpo, ModuleId.Sessions, "S1"), newer);
        var tariff = PullFixture.Tariff(owner, "T1", now);
        await PushAsync(cpo, HttpMethod.Put, Url(cpo, ModuleId.Tariffs, "T1"), tariff);
        await PushAsync(cpo, HttpMethod.Delete, Url(cpo, ModuleId.Tariffs, "T1"), new JsonObject());
        var older = PullFixture.Session(owner, "S1", now.AddHours(1));
        older["kwh"] = 10;
        cpo.Serve(ModuleId.Sessions, older);
        cpo.Serve(ModuleId.Tariffs, tariff);

        await emsp.TriggerAndWaitAsync(partnerId, ModuleId.Sessions, ModuleId.Tariffs);

        (await emsp.LoadAsync<SessionView>(PullFixture.Key("session", owner, "S1")))!.Session["kwh"]!.GetValue<decimal>().ShouldBe(30m);
        (await emsp.EventTypesAsync(PullFixture.Key("session", owner, "S1"))).ShouldBe(["SessionPut"]);
        (await emsp.LoadAsync<TariffView>(PullFixture.Key("tariff", owner, "T1")))!.Deleted.ShouldBeTrue();
        (await emsp.EventTypesAsync(PullFixture.Key("tariff", owner, "T1"))).ShouldBe(["TariffPut", "TariffDeleted"]);
    }

    [Fact]
    public async Task objects_of_a_party_not_the_partners_and_a_changed_cdr_are_refused_reported_and_not_stored()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(_ => { });
        await emsp.WaitForInitialSyncAsync(partnerId);
        // After the first run's start: the next runs ask for objects changed since (date_from).
        var now = DateTimeOffset.UtcNow;
        var owner = cpo.Options.Party;
        var stranger = new PartyRef("BE", "ZZZ");
        var cdr = PullFixture.Cdr(owner, "CDR9", now);
        await PushAsync(cpo, HttpMethod.Post, cpo.EmspEndpoint(ModuleId.Cdrs), cdr);
        var changed = (JsonObject)cdr.DeepClone();
        changed["total_energy"] = 99;
        cpo.Serve(ModuleId.Cdrs, changed, PullFixture.Cdr(stranger, "CDR10", now));
        cpo.Serve(ModuleId.Locations, PullFixture.Location(stranger, "THEIRS", now));

        await emsp.TriggerAndWaitAsync(partnerId, ModuleId.Locations, ModuleId.Cdrs);

        (await emsp.EventTypesAsync(PullFixture.Key("location", stranger, "THEIRS"))).ShouldBeEmpty();
        (await emsp.EventTypesAsync(PullFixture.Key("cdr", stranger, "CDR10"))).ShouldBeEmpty();
        (await emsp.EventTypesAsync(PullFixture.Key("cdr", owner, "CDR9"))).ShouldBe(["CdrReceived"]);
        (await emsp.LoadAsync<CdrView>(PullFixture.Key("cdr", owner, "CDR9")))!.TotalEnergy.ShouldNotBe(99m);
        var locations = await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations);
        locations.GetProperty("objects_refused").GetInt32().ShouldBe(1);
        locations.GetProperty("refusals")[0].GetString()!.ShouldContain("BE/ZZZ", Case.Insensitive);
        var cdrs = await emsp.ModuleStatusAsync(partnerId, ModuleId.Cdrs);
        cdrs.GetProperty("objects_refused").GetInt32().ShouldBe(2);
        cdrs.GetProperty("events_appended").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task the_trigger_answers_202_with_what_it_scheduled_400_for_an_unknown_module_and_404_for_an_unknown_partner()
    {
        var options = new CpoSimulator.CpoSimulatorOptions { Party = PullFixture.NextParty() };
        options.Modules.RemoveAll(m => m.Module == ModuleId.Cdrs);
        var (_, partnerId) = await emsp.RegisteredCpoAsync(options);
        var api = emsp.InternalApi();

        var accepted = await api.PostAsync($"/api/partners/{partnerId}/sync?modules=locations,cdrs", null);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        body["scheduled"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["locations"]);
        body["not_offered"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["cdrs"]);

        var bad = await api.PostAsync($"/api/partners/{partnerId}/sync?modules=locations,tokens", null);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("modules");
        (await api.PostAsync("/api/partners/NOPE/sync", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync("/api/partners/NOPE/sync")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var status = await emsp.CompletedRunAsync(partnerId, ModuleId.Locations);
        status.GetProperty("offered").GetBoolean().ShouldBeTrue();
        PullFixture.Text(status, "last_run_started_at").ShouldNotBeNull();
        PullFixture.Text(status, "cursor").ShouldNotBeNull();
        status.GetProperty("pages").GetInt32().ShouldBe(1);
        var cdrs = await emsp.ModuleStatusAsync(partnerId, ModuleId.Cdrs);
        cdrs.GetProperty("offered").GetBoolean().ShouldBeFalse();
        PullFixture.Text(cdrs, "last_run_ended_at").ShouldBeNull();
    }
}
