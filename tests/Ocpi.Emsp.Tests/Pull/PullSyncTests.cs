using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Pull;

/// <summary>Pull sync against a CPO on real Kestrel serving paginated SENDER lists: complete, resumable, shift-proof.</summary>
public sealed class PullSyncTests(PullFixture emsp) : IClassFixture<PullFixture>
{
    private static readonly string[] Ids = [.. Enumerable.Range(1, 10).Select(i => $"LOC{i:00}")];

    [Fact]
    public async Task a_cpo_with_three_pages_of_locations_is_pulled_completely_after_registration_with_its_sessions_cdrs_and_tariffs()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(cpo =>
        {
            var owner = cpo.Options.Party;
            cpo.Serve(ModuleId.Locations, [.. Ids.Select((id, i) => PullFixture.Location(owner, id, PullFixture.Long.AddMinutes(i)))]);
            cpo.Serve(ModuleId.Sessions, PullFixture.Session(owner, "S1", PullFixture.Long), PullFixture.Session(owner, "S2", PullFixture.Long));
            cpo.Serve(ModuleId.Cdrs, PullFixture.Cdr(owner, "C1", PullFixture.Long), PullFixture.Cdr(owner, "C2", PullFixture.Long));
            cpo.Serve(ModuleId.Tariffs, PullFixture.Tariff(owner, "T1", PullFixture.Long));
        }, maxLimit: 4);
        var owner = cpo.Options.Party;

        await emsp.WaitForInitialSyncAsync(partnerId);

        foreach (var id in Ids) (await emsp.EventTypesAsync(PullFixture.Key("location", owner, id))).ShouldBe(["LocationPut"], id);
        (await emsp.LoadAsync<SessionView>(PullFixture.Key("session", owner, "S2"))).ShouldNotBeNull();
        (await emsp.LoadAsync<CdrView>(PullFixture.Key("cdr", owner, "C1"))).ShouldNotBeNull();
        (await emsp.LoadAsync<TariffView>(PullFixture.Key("tariff", owner, "T1")))!.Deleted.ShouldBeFalse();
        var pages = cpo.ListRequests(ModuleId.Locations);
        // The first page asks for Emsp:Pull:PageSize; the CPO's X-Limit caps it, and its next links are followed as given.
        pages.Select(r => r.Path).ShouldBe([
            "/ocpi/2.3.0/locations?offset=0&limit=100", "/ocpi/2.3.0/locations?offset=4&limit=4", "/ocpi/2.3.0/locations?offset=8&limit=4"]);
        pages[0].Header("Authorization").ShouldBe(CredentialsTokenHeader.Encode(cpo.TokenFromEmsp!));
        pages[0].Header("OCPI-from-party-id").ShouldBe("EMS");
        pages[0].Header("OCPI-to-party-id").ShouldBe(owner.PartyId);
        var status = await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations);
        status.GetProperty("pages").GetInt32().ShouldBe(3);
        status.GetProperty("objects_pulled").GetInt32().ShouldBe(10);
        status.GetProperty("events_appended").GetInt32().ShouldBe(10);
        PullFixture.Text(status, "cursor").ShouldNotBeNull();
        PullFixture.Text(status, "last_error").ShouldBeNull();
    }

    [Fact]
    public async Task pulled_events_carry_source_pull_the_partner_and_the_request_id_of_their_page()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(cpo =>
            cpo.Serve(ModuleId.Tariffs, PullFixture.Tariff(cpo.Options.Party, "T1", PullFixture.Long)));
        await emsp.WaitForInitialSyncAsync(partnerId);

        var put = (await emsp.EventsAsync(PullFixture.Key("tariff", cpo.Options.Party, "T1"))).Single();
        put.Headers![EventMetadata.SourceHeader].ToString().ShouldBe("pull");
        put.Headers[EventMetadata.PartnerHeader].ToString().ShouldBe(partnerId);
        var page = cpo.ListRequests(ModuleId.Tariffs).Single();
        put.Headers[EventMetadata.RequestIdHeader].ToString().ShouldBe(page.Header("X-Request-ID"));
        put.CausationId.ShouldBe(page.Header("X-Request-ID"));
        put.CorrelationId.ShouldBe(page.Header("X-Correlation-ID"));
    }

    [Fact]
    public async Task a_page_failing_once_midway_is_resumed_from_the_cursor_and_nothing_is_duplicated()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(cpo =>
        {
            cpo.Serve(ModuleId.Locations, [.. Ids.Select(id => PullFixture.Location(cpo.Options.Party, id, PullFixture.Long))]);
            cpo.FailPageOnce(ModuleId.Locations, offset: 4);
        }, maxLimit: 4);
        var owner = cpo.Options.Party;

        await Eventually.HoldsAsync(async () => PullFixture.Text(await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations), "last_error") is not null,
            "the failed page reported");
        var failed = await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations);
        failed.GetProperty("running").GetBoolean().ShouldBeTrue();
        PullFixture.Text(failed, "resume_at")!.ShouldContain("offset=4");
        PullFixture.Text(failed, "last_error")!.ShouldContain("500");
        foreach (var id in Ids[..4]) (await emsp.EventTypesAsync(PullFixture.Key("location", owner, id))).Count.ShouldBe(1);
        foreach (var id in Ids[4..]) (await emsp.EventTypesAsync(PullFixture.Key("location", owner, id))).ShouldBeEmpty();

        await emsp.TriggerAndWaitAsync(partnerId, ModuleId.Locations);

        foreach (var id in Ids) (await emsp.EventTypesAsync(PullFixture.Key("location", owner, id))).ShouldBe(["LocationPut"], id);
        var offsets = cpo.ListRequests(ModuleId.Locations).Select(r => r.Path[(r.Path.IndexOf("offset=") + 7)..].Split('&')[0]).ToList();
        offsets.ShouldBe(["0", "4", "4", "8"]);
        var status = await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations);
        status.GetProperty("pages").GetInt32().ShouldBe(3);
        status.GetProperty("objects_pulled").GetInt32().ShouldBe(10);
        status.GetProperty("events_appended").GetInt32().ShouldBe(10);
        PullFixture.Text(status, "last_error").ShouldBeNull();
    }

    [Fact]
    public async Task pages_shifting_between_requests_lose_nothing_and_the_next_run_reads_the_inserted_object_from_its_cursor()
    {
        var (cpo, partnerId) = await emsp.SeededCpoAsync(cpo =>
        {
            cpo.Serve(ModuleId.Locations, [.. Ids[..8].Select(id => PullFixture.Location(cpo.Options.Party, id, PullFixture.Long))]);
            // Changed while the first run reads: listed at the head, before the page the run is at.
            cpo.InsertAtHeadAfterNextPage(ModuleId.Locations, PullFixture.Location(cpo.Options.Party, "NEW", DateTimeOffset.UtcNow));
        }, maxLimit: 4);
        var owner = cpo.Options.Party;

        var first = await emsp.CompletedRunAsync(partnerId, ModuleId.Locations);

        // The second page repeated LOC04 (everything moved one place on); nothing was skipped, nothing stored twice.
        first.GetProperty("objects_pulled").GetInt32().ShouldBe(9);
        first.GetProperty("events_appended").GetInt32().ShouldBe(8);
        foreach (var id in Ids[..8]) (await emsp.EventTypesAsync(PullFixture.Key("location", owner, id))).ShouldBe(["LocationPut"], id);
        (await emsp.EventTypesAsync(PullFixture.Key("location", owner, "NEW"))).ShouldBeEmpty();
        var cursor = PullFixture.Text(first, "cursor")!;

        await emsp.TriggerAndWaitAsync(partnerId, ModuleId.Locations);

        (await emsp.EventTypesAsync(PullFixture.Key("location", owner, "NEW"))).ShouldBe(["LocationPut"]);
        foreach (var id in Ids[..8]) (await emsp.EventTypesAsync(PullFixture.Key("location", owner, id))).Count.ShouldBe(1);
        var second = cpo.ListRequests(ModuleId.Locations).Last();
        Uri.UnescapeDataString(second.Path).ShouldContain($"date_from={cursor}");
        var status = await emsp.ModuleStatusAsync(partnerId, ModuleId.Locations);
        status.GetProperty("objects_pulled").GetInt32().ShouldBe(1);
        status.GetProperty("events_appended").GetInt32().ShouldBe(1);
    }
}
