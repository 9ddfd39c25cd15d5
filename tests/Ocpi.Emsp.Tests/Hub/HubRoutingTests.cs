using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Tests.Commands;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Hub;

/// <summary>
/// Message routing through a Hub on real HTTP: the CPO simulator on Kestrel acts as a Hub (hub_party_id, its own party
/// the only one in its credentials roles) and reports the CPOs behind it through ClientInfo only. This file: what the Hub
/// may write on their behalf; HubRoutingTests.Outbound.cs: what we send through it.
/// </summary>
public sealed partial class HubRoutingTests(CommandsFixture emsp) : IClassFixture<CommandsFixture>
{
    private static int _clock;

    /// <summary>A registered Hub with <paramref name="behind"/> CPOs it reports CONNECTED (none of them in its credentials).</summary>
    private async Task<(CpoSimulator.CpoSimulator Hub, string PartnerId, PartyRef[] Behind)> HubAsync(int behind = 1)
    {
        var own = EmspFixture.NextParty();
        var (hub, partnerId) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions
        {
            Party = own, Name = "Simulated Hub", HubPartyId = own.CountryCode + own.PartyId,
        });
        var parties = Enumerable.Range(0, behind).Select(_ => EmspFixture.NextParty()).ToArray();
        foreach (var party in parties) await ReportAsync(hub, party, "CONNECTED");
        return (hub, partnerId, parties);
    }

    /// <summary>The Hub PUTs a ClientInfo; each report is newer than the last one of the test run.</summary>
    private static async Task ReportAsync(CpoSimulator.CpoSimulator hub, PartyRef party, string status)
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Interlocked.Increment(ref _clock));
        var body = new JsonObject
        {
            ["party_id"] = party.PartyId, ["country_code"] = party.CountryCode, ["role"] = "CPO", ["status"] = status,
            ["last_updated"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        };
        var put = await hub.CallEmspAsync(HttpMethod.Put, $"{hub.EmspEndpoint(ModuleId.HubClientInfo)}/{party.CountryCode}/{party.PartyId}",
            hub.TokenForEmsp, rawBody: body.ToJsonString());
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
    }

    private static Dictionary<string, string> From(PartyRef party) =>
        new() { ["OCPI-from-country-code"] = party.CountryCode, ["OCPI-from-party-id"] = party.PartyId };

    /// <summary>The Hub PUTs a Session owned by <paramref name="owner"/> (spec example), with OCPI-from headers when given.</summary>
    private static async Task<(OcpiCallResult Answer, string SessionId)> PushSessionAsync(CpoSimulator.CpoSimulator hub, PartyRef owner,
        PartyRef? from = null)
    {
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", owner);
        var sessionId = "H" + Guid.NewGuid().ToString("N")[..12];
        session["id"] = sessionId;
        var answer = await hub.CallEmspAsync(HttpMethod.Put, $"{hub.EmspEndpoint(ModuleId.Sessions)}/{owner.CountryCode}/{owner.PartyId}/{sessionId}",
            hub.TokenForEmsp, headers: from is { } sender ? From(sender) : null, rawBody: session.ToJsonString());
        return (answer, sessionId);
    }

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> EventsAsync(string streamKey)
    {
        await using var session = emsp.Store.QuerySession();
        return await session.Events.FetchStreamAsync(streamKey);
    }

    [Fact]
    public async Task a_session_pushed_through_a_hub_for_a_cpo_behind_it_is_stored_under_that_cpo_naming_the_hub_and_the_sender()
    {
        var (hub, partnerId, behind) = await HubAsync();
        var cpo = behind[0];

        var (answer, sessionId) = await PushSessionAsync(hub, cpo, from: cpo);

        answer.StatusCode.ShouldBe(1000, answer.StatusMessage);
        answer.Headers["OCPI-to-party-id"].ShouldBe(cpo.PartyId);
        var stored = (await EventsAsync(StreamKeys.For("session", cpo, sessionId))).ShouldHaveSingleItem();
        stored.Headers![EventMetadata.PartnerHeader].ToString().ShouldBe(partnerId);
        stored.Headers[EventMetadata.OcpiFromHeader].ToString().ShouldBe(cpo.ToString());
        var listed = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/sessions/{cpo.CountryCode}/{cpo.PartyId}/{sessionId}");
        listed.GetProperty("party_id").GetString().ShouldBe(cpo.PartyId);
    }

    [Fact]
    public async Task a_session_pushed_through_a_hub_for_a_party_it_does_not_represent_is_refused_and_stores_nothing()
    {
        var (hub, _, _) = await HubAsync();
        var stranger = EmspFixture.NextParty();

        var (withoutHeaders, first) = await PushSessionAsync(hub, stranger);
        var (withHeaders, second) = await PushSessionAsync(hub, stranger, from: stranger);

        withoutHeaders.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        withoutHeaders.StatusCode.ShouldBe(2001);
        withHeaders.HttpStatus.ShouldBe(HttpStatusCode.Forbidden, "the OCPI-from party is not one of this connection's");
        (await EventsAsync(StreamKeys.For("session", stranger, first))).ShouldBeEmpty();
        (await EventsAsync(StreamKeys.For("session", stranger, second))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_session_pushed_for_a_party_the_hub_reported_suspended_is_refused_and_stores_nothing()
    {
        var (hub, _, behind) = await HubAsync();
        var cpo = behind[0];
        (await PushSessionAsync(hub, cpo)).Answer.StatusCode.ShouldBe(1000);

        await ReportAsync(hub, cpo, "SUSPENDED");
        var (answer, sessionId) = await PushSessionAsync(hub, cpo);

        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        answer.StatusCode.ShouldBe(2001);
        (await EventsAsync(StreamKeys.For("session", cpo, sessionId))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_party_in_the_hubs_credentials_that_the_hub_reports_suspended_is_refused_too()
    {
        var listed = EmspFixture.NextParty();
        var own = EmspFixture.NextParty();
        var (hub, _) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions
        {
            Party = own, ExtraParties = [listed], HubPartyId = own.CountryCode + own.PartyId,
        });
        (await PushSessionAsync(hub, listed)).Answer.StatusCode.ShouldBe(1000);

        await ReportAsync(hub, listed, "SUSPENDED");
        var (answer, sessionId) = await PushSessionAsync(hub, listed);
        var (withHeaders, _) = await PushSessionAsync(hub, listed, from: listed);

        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        withHeaders.HttpStatus.ShouldBe(HttpStatusCode.Forbidden);
        (await EventsAsync(StreamKeys.For("session", listed, sessionId))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_client_info_stored_by_another_node_takes_effect_here_once_the_cached_parties_expire()
    {
        var (hub, partnerId, _) = await HubAsync(behind: 0);
        var late = EmspFixture.NextParty();
        (await PushSessionAsync(hub, late)).Answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound, "not reported yet");

        // Written straight to the store, as another node's endpoint would: this node's cache is not told.
        await using (var session = emsp.Store.LightweightSession())
        {
            var info = new JsonObject
            {
                ["party_id"] = late.PartyId, ["country_code"] = late.CountryCode, ["role"] = "CPO", ["status"] = "CONNECTED",
                ["last_updated"] = "2026-01-01T00:00:00Z",
            };
            session.Events.StartStream<HubPartyView>(HubPartyView.StreamKey(partnerId, late.CountryCode, late.PartyId, "CPO"),
                new ClientInfoReceived(partnerId, late.CountryCode, late.PartyId, "CPO", "CONNECTED", DateTimeOffset.Parse("2026-01-01T00:00:00Z"), info));
            await session.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () => (await PushSessionAsync(hub, late)).Answer.StatusCode == 1000,
            "the push accepted within the partner cache's lifetime", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task a_party_the_hub_reports_offline_may_still_have_its_objects_forwarded()
    {
        var (hub, _, behind) = await HubAsync();
        await ReportAsync(hub, behind[0], "OFFLINE");

        var (answer, sessionId) = await PushSessionAsync(hub, behind[0]);

        answer.StatusCode.ShouldBe(1000, answer.StatusMessage);
        (await EventsAsync(StreamKeys.For("session", behind[0], sessionId))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_hub_push_whose_ocpi_from_names_another_party_than_the_url_is_refused_and_stores_nothing()
    {
        var (hub, _, behind) = await HubAsync(behind: 2);

        var (answer, sessionId) = await PushSessionAsync(hub, behind[0], from: behind[1]);

        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        answer.StatusCode.ShouldBe(2001);
        answer.StatusMessage!.ShouldContain("OCPI-from");
        (await EventsAsync(StreamKeys.For("session", behind[0], sessionId))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_direct_cpo_cannot_write_for_a_party_behind_a_hub()
    {
        var (_, _, behind) = await HubAsync();
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var (answer, sessionId) = await PushSessionAsync(cpo, behind[0]);

        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
        (await EventsAsync(StreamKeys.For("session", behind[0], sessionId))).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_hub_may_ask_authorization_for_a_cpo_behind_it_and_not_for_a_party_it_does_not_represent()
    {
        var (hub, _, behind) = await HubAsync();
        var uid = await emsp.OurTokenAsync();
        var url = $"{hub.EmspEndpoint(ModuleId.Tokens)}/{uid}/authorize?type=APP_USER";

        var allowed = await hub.CallEmspAsync(HttpMethod.Post, url, hub.TokenForEmsp, headers: From(behind[0]));
        var foreign = await hub.CallEmspAsync(HttpMethod.Post, url, hub.TokenForEmsp, headers: From(EmspFixture.NextParty()));

        allowed.StatusCode.ShouldBe(1000, allowed.StatusMessage);
        allowed.Data.GetProperty("allowed").GetString().ShouldBe("ALLOWED");
        allowed.Headers["OCPI-to-party-id"].ShouldBe(behind[0].PartyId);
        foreign.HttpStatus.ShouldBe(HttpStatusCode.Forbidden);
        foreign.StatusCode.ShouldBe(2001);
    }
}
