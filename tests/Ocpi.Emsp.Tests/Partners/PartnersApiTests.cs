using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Partners;

/// <summary>The internal partner API: key protection, the partner list, the audit trail, and what is (not) stored.</summary>
public sealed class PartnersApiTests(PartnersFixture emsp) : IClassFixture<PartnersFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task the_internal_api_refuses_a_missing_or_wrong_api_key(string? key)
    {
        var client = emsp.Host.Server.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);

        (await client.GetAsync("/api/partners")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/partners/invitations", new { })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_invitation_returns_token_a_and_our_versions_url()
    {
        var response = await emsp.InternalApi().PostAsJsonAsync("/api/partners/invitations", new { label = "Charge Co" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("versions_url").GetString().ShouldBe(EmspFixture.VersionsUrl);
        body.GetProperty("token_a").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(32);
        response.Headers.Location!.ToString().ShouldBe($"/api/partners/{body.GetProperty("partner_id").GetString()}");
    }

    [Fact]
    public async Task the_partner_list_shows_party_role_status_version_and_endpoints()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();

        var partners = await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/partners?status=Registered");

        var partner = partners.EnumerateArray().Single(p => p.GetProperty("id").GetString() == partnerId);
        partner.GetProperty("country_code").GetString().ShouldBe(cpo.Options.Party.CountryCode);
        partner.GetProperty("party_id").GetString().ShouldBe(cpo.Options.Party.PartyId);
        partner.GetProperty("role").GetString().ShouldBe("CPO");
        partner.GetProperty("status").GetString().ShouldBe("Registered");
        partner.GetProperty("versions_url").GetString().ShouldBe(cpo.VersionsUrl);
        partner.GetProperty("version").GetString().ShouldBe("2.3.0");
        partner.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("identifier").GetString())
            .ShouldContain("locations");
        partners.EnumerateArray().ShouldAllBe(p => p.GetProperty("status").GetString() == "Registered");
    }

    [Fact]
    public async Task the_event_history_shows_each_step_with_request_and_correlation_ids()
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();
        await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);
        var post = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, cpo.TokenForEmsp); // unrelated call
        await cpo.UnregisterAsync();

        var events = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}/events");

        var list = events.EnumerateArray().ToList();
        list.Select(e => e.GetProperty("type").GetString()).ShouldBe(["partner_invited", "partner_registered", "partner_unregistered"]);
        list.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1L, 2L, 3L]);
        var registered = list[1];
        registered.GetProperty("correlation_id").GetString().ShouldNotBeNullOrEmpty();
        registered.GetProperty("causation_id").GetString().ShouldNotBeNullOrEmpty();
        var headers = registered.GetProperty("headers");
        headers.GetProperty("partner").GetString().ShouldBe(partnerId);
        headers.GetProperty("source").GetString().ShouldBe("ocpi");
        headers.GetProperty("request_id").GetString().ShouldBe(registered.GetProperty("causation_id").GetString());
        headers.GetProperty("received_at").GetString().ShouldEndWith("Z");
        registered.GetProperty("data").GetProperty("roles")[0].GetProperty("party_id").GetString().ShouldBe(cpo.Options.Party.PartyId);
        list[0].GetProperty("headers").GetProperty("source").GetString().ShouldBe("internal-api");
        post.StatusCode.ShouldBe(1000);
    }

    [Fact]
    public async Task credentials_tokens_are_never_stored_in_clear_except_the_ones_we_must_present()
    {
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await emsp.InviteAsync();
        await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA);
        var tokenC = cpo.TokenForEmsp!;   // issued by us
        var tokenB = cpo.TokenFromEmsp!;  // issued by the CPO, we must present it

        var dump = await DumpDatabaseTextAsync();

        dump.ShouldNotContain(tokenA);
        dump.ShouldNotContain(tokenC);
        // Token B is kept usable, in the secret document only, never in the event log.
        (await CountAsync($"select count(*) from emsp.mt_doc_partnersecret where data::text like '%{tokenB}%'")).ShouldBe(1L);
        (await CountAsync($"select count(*) from emsp.mt_events where data::text like '%{tokenB}%'")).ShouldBe(0L);
        partnerId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task an_unknown_partner_is_404()
    {
        (await emsp.InternalApi().GetAsync("/api/partners/p-000000000000")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().GetAsync("/api/partners/p-000000000000/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.InternalApi().PostAsync("/api/partners/p-000000000000/credentials/rotate", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<string> DumpDatabaseTextAsync()
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'emsp'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"select coalesce(string_agg(t::text, E'\\n'), '') from emsp.\"{table}\" t", connection);
            text.AppendLine((string)(await dump.ExecuteScalarAsync())!);
        }
        return text.ToString();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
