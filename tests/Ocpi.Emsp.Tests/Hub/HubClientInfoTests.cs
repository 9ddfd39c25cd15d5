using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Tests.Commands;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Hub;

/// <summary>
/// Hub Client Info RECEIVER on real HTTP: the CPO simulator acts as a Hub (hub_party_id, a party behind it in its roles)
/// and PUTs ClientInfo objects; the internal API lists them and commands to a party the Hub reports down fail fast.
/// </summary>
public sealed class HubClientInfoTests(CommandsFixture emsp) : IClassFixture<CommandsFixture>
{
    private async Task<(CpoSimulator.CpoSimulator Hub, string PartnerId, PartyRef Behind)> HubAsync()
    {
        var behind = EmspFixture.NextParty();
        var (hub, partnerId) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions
        {
            Party = EmspFixture.NextParty(), ExtraParties = [behind], HubPartyId = "NLHUB",
        });
        return (hub, partnerId, behind);
    }

    private static JsonObject ClientInfo(PartyRef party, string status, string lastUpdated = "2026-01-01T10:00:00Z") => new()
    {
        ["party_id"] = party.PartyId, ["country_code"] = party.CountryCode, ["role"] = "CPO", ["status"] = status, ["last_updated"] = lastUpdated,
    };

    private static Task<OcpiCallResult> PutAsync(CpoSimulator.CpoSimulator from, PartyRef party, string rawBody) =>
        from.CallEmspAsync(HttpMethod.Put, $"{from.EmspEndpoint(ModuleId.HubClientInfo)}/{party.CountryCode}/{party.PartyId}",
            from.TokenForEmsp, rawBody: rawBody);

    private async Task<int> StoredForAsync(string partnerId)
    {
        await using var session = emsp.Store.QuerySession();
        return await session.Query<HubPartyView>().CountAsync(v => v.HubPartnerId == partnerId);
    }

    private async Task<JsonElement> HubPartiesAsync(string partnerId) =>
        (await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/hub/parties?hub={partnerId}")).GetProperty("items");

    [Fact]
    public async Task a_hubs_client_info_is_stored_read_back_and_listed_in_hub_parties()
    {
        var (hub, partnerId, behind) = await HubAsync();

        var put = await PutAsync(hub, behind, ClientInfo(behind, "CONNECTED").ToJsonString());
        put.StatusCode.ShouldBe(1000, put.StatusMessage);
        put.HttpStatus.ShouldBe(HttpStatusCode.Created);

        var get = await hub.CallEmspAsync(HttpMethod.Get,
            $"{hub.EmspEndpoint(ModuleId.HubClientInfo)}/{behind.CountryCode}/{behind.PartyId}", hub.TokenForEmsp);
        get.StatusCode.ShouldBe(1000);
        get.Data.GetProperty("status").GetString().ShouldBe("CONNECTED");
        get.Data.GetProperty("party_id").GetString().ShouldBe(behind.PartyId);

        var parties = await HubPartiesAsync(partnerId);
        parties.GetArrayLength().ShouldBe(1);
        var listed = parties[0];
        listed.GetProperty("country_code").GetString().ShouldBe(behind.CountryCode);
        listed.GetProperty("party_id").GetString().ShouldBe(behind.PartyId);
        listed.GetProperty("role").GetString().ShouldBe("CPO");
        listed.GetProperty("status").GetString().ShouldBe("CONNECTED");
        listed.GetProperty("last_updated").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2026-01-01T10:00:00Z"));
    }

    [Fact]
    public async Task a_command_to_a_party_its_hub_reports_offline_fails_fast_with_409_naming_offline()
    {
        var (hub, partnerId, behind) = await HubAsync();
        (await PutAsync(hub, behind, ClientInfo(behind, "CONNECTED").ToJsonString())).StatusCode.ShouldBe(1000);
        await emsp.RequestAsync(behind, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));

        var offline = await PutAsync(hub, behind, ClientInfo(behind, "OFFLINE", "2026-01-01T11:00:00Z").ToJsonString());
        offline.StatusCode.ShouldBe(1000, offline.StatusMessage);
        (await HubPartiesAsync(partnerId))[0].GetProperty("status").GetString().ShouldBe("OFFLINE");
        (await emsp.EventTypesAsync(HubPartyView.StreamKey(partnerId, behind.CountryCode, behind.PartyId, "CPO"))).Count.ShouldBe(2);

        var before = await emsp.CommandCountAsync();
        var refused = await emsp.PostCommandAsync(behind, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));
        var problem = await refused.Content.ReadAsStringAsync();
        ((int)refused.StatusCode).ShouldBe(409, problem);
        problem.ShouldContain("OFFLINE");
        (await emsp.CommandCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_older_client_info_does_not_overwrite_a_newer_one()
    {
        var (hub, partnerId, behind) = await HubAsync();
        (await PutAsync(hub, behind, ClientInfo(behind, "OFFLINE", "2026-01-01T11:00:00Z").ToJsonString())).StatusCode.ShouldBe(1000);

        var stale = await PutAsync(hub, behind, ClientInfo(behind, "CONNECTED", "2026-01-01T10:00:00Z").ToJsonString());

        stale.StatusCode.ShouldBe(1000);
        (await HubPartiesAsync(partnerId))[0].GetProperty("status").GetString().ShouldBe("OFFLINE");
    }

    [Fact]
    public async Task a_client_info_from_a_partner_that_is_not_a_hub_is_refused_and_stores_nothing()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var other = EmspFixture.NextParty();

        var put = await PutAsync(cpo, other, ClientInfo(other, "OFFLINE").ToJsonString());

        put.HttpStatus.ShouldBe(HttpStatusCode.Forbidden);
        put.StatusCode.ShouldBe(2000);
        put.StatusMessage!.ShouldContain("hub_party_id");
        (await StoredForAsync(partnerId)).ShouldBe(0);
    }

    public static TheoryData<string, string> BadClientInfos => new()
    {
        { """{"party_id": "{P}", "country_code": "{C}", "role": "CPO", "last_updated": "2026-01-01T10:00:00Z"}""", "status" },
        { """{"party_id": "{P}", "country_code": "{C}", "role": "CPO", "status": "ONLINE", "last_updated": "2026-01-01T10:00:00Z"}""", "status" },
        { """{"party_id": "{P}", "country_code": "{C}", "role": "CPO", "status": "OFFLINE"}""", "last_updated" },
        { """{"party_id": "{P}", "country_code": "{C}", "role": "HUBX", "status": "OFFLINE", "last_updated": "2026-01-01T10:00:00Z"}""", "role" },
        { """{"party_id": "ZZZ", "country_code": "{C}", "role": "CPO", "status": "OFFLINE", "last_updated": "2026-01-01T10:00:00Z"}""", "party_id" },
    };

    [Theory]
    [MemberData(nameof(BadClientInfos))]
    public async Task a_bad_client_info_is_refused_with_2001_naming_the_field_and_stores_nothing(string template, string field)
    {
        var (hub, partnerId, behind) = await HubAsync();

        var put = await PutAsync(hub, behind, template.Replace("{P}", behind.PartyId).Replace("{C}", behind.CountryCode));

        put.HttpStatus.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(2001);
        put.StatusMessage!.ShouldContain(field);
        (await StoredForAsync(partnerId)).ShouldBe(0);
    }

    [Fact]
    public async Task a_client_info_that_is_not_json_is_refused_with_http_400_and_stores_nothing()
    {
        var (hub, partnerId, behind) = await HubAsync();

        var put = await PutAsync(hub, behind, """{"party_id": "ALL",""");

        put.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        (await StoredForAsync(partnerId)).ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_client_info_is_answered_404()
    {
        var (hub, _, behind) = await HubAsync();

        var get = await hub.CallEmspAsync(HttpMethod.Get,
            $"{hub.EmspEndpoint(ModuleId.HubClientInfo)}/{behind.CountryCode}/{behind.PartyId}", hub.TokenForEmsp);

        get.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task our_version_details_advertise_hubclientinfo_as_receiver()
    {
        var (hub, _, _) = await HubAsync();
        hub.EmspEndpoints.ShouldContain(e => e.Identifier == ModuleId.HubClientInfo && e.Role == InterfaceRole.RECEIVER);
    }

    [Fact]
    public async Task hub_parties_refuses_an_unknown_status_filter_naming_it()
    {
        var response = await emsp.InternalApi().GetAsync("/api/hub/parties?status=ONLINE");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("status");
    }
}
