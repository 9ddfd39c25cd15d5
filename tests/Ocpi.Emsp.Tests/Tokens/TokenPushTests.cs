using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>Token changes reach every CPO with a Tokens RECEIVER, through the durable outbox; a CPO that was down gets the latest state once.</summary>
public sealed class TokenPushTests(TokensFixture emsp) : IClassFixture<TokensFixture>
{
    private static IEnumerable<CpoSimulator.RecordedRequest> TokenPushes(CpoSimulator.CpoSimulator cpo, string uid) =>
        cpo.Requests.Where(r => r.Path.StartsWith($"/ocpi/2.3.0/tokens/NL/EMS/{uid}"));

    [Fact]
    public async Task create_change_and_block_are_pushed_to_the_cpo_in_order()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await emsp.WaitUntilInSyncAsync(partnerId);
        var uid = "T" + Guid.NewGuid().ToString("N")[..10];
        var token = TokensFixture.NewToken(uid);

        (await emsp.PutTokenAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Eventually.HoldsAsync(() => TokenPushes(cpo, uid).Count() == 1, "the create push");
        token["issuer"] = "Another issuer";
        token["last_updated"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        (await emsp.PutTokenAsync(token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => TokenPushes(cpo, uid).Count() == 2, "the change push");
        (await emsp.PatchTokenAsync(uid, new JsonObject { ["valid"] = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => TokenPushes(cpo, uid).Count() == 3, "the block push");

        var pushes = TokenPushes(cpo, uid).ToList();
        pushes.Select(p => p.Method).ShouldBe(["PUT", "PUT", "PATCH"]);
        pushes[0].Path.ShouldBe($"/ocpi/2.3.0/tokens/NL/EMS/{uid}?type=RFID");
        JsonNode.DeepEquals(JsonNode.Parse(pushes[1].Body), token).ShouldBeTrue();
        var patch = JsonNode.Parse(pushes[2].Body)!;
        patch["valid"]!.GetValue<bool>().ShouldBeFalse();
        patch["last_updated"].ShouldNotBeNull();
        pushes[2].Header("OCPI-from-party-id").ShouldBe("EMS");
        pushes[2].Header("OCPI-to-party-id").ShouldBe(cpo.Options.Party.PartyId);
        pushes[2].Header("Authorization").ShouldBe(Protocol.Transport.CredentialsTokenHeader.Encode(cpo.TokenFromEmsp!));

        var shown = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/tokens/{uid}");
        var delivery = shown.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("partner_id").GetString() == partnerId);
        delivery.GetProperty("delivered_version").GetInt64().ShouldBe(3);
        delivery.GetProperty("method").GetString().ShouldBe("PATCH");
        shown.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString())
            .ShouldBe(["token_issued", "token_replaced", "token_patched"]);
    }

    [Fact]
    public async Task a_cpo_down_during_three_changes_receives_exactly_one_push_with_the_latest_state()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await emsp.WaitUntilInSyncAsync(partnerId);
        var uid = "D" + Guid.NewGuid().ToString("N")[..10];
        cpo.Down = true;

        var token = TokensFixture.NewToken(uid);
        await emsp.PutTokenAsync(token);
        await Eventually.HoldsAsync(async () =>
        {
            var statuses = await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/token-sync");
            return statuses.EnumerateArray().Any(s => s.GetProperty("id").GetString() == partnerId && !s.GetProperty("in_sync").GetBoolean());
        }, "the partner reported lagging");
        for (var i = 1; i <= 2; i++)
        {
            token["issuer"] = $"Issuer {i}";
            token["last_updated"] = DateTimeOffset.UtcNow.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            await emsp.PutTokenAsync(token);
        }
        var status = (await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/token-sync")).EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == partnerId);
        status.GetProperty("lagging_since").GetString().ShouldNotBeNull();
        status.GetProperty("last_error").GetString()!.ShouldContain("503");
        cpo.ClearRequests();

        cpo.Down = false;
        await emsp.WaitUntilInSyncAsync(partnerId);

        var delivered = TokenPushes(cpo, uid).ToList();
        delivered.Count.ShouldBe(1);
        delivered[0].Method.ShouldBe("PUT");
        JsonNode.Parse(delivered[0].Body)!["issuer"]!.GetValue<string>().ShouldBe("Issuer 2");
    }

    [Fact]
    public async Task a_cpo_that_never_received_our_tokens_is_not_shown_lagging_since_year_one()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        cpo.Down = true;
        await emsp.PutTokenAsync(TokensFixture.NewToken("Y" + Guid.NewGuid().ToString("N")[..10]));

        await Eventually.HoldsAsync(async () =>
        {
            var statuses = await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/token-sync");
            return statuses.EnumerateArray().Any(s => s.GetProperty("id").GetString() == partnerId);
        }, "a sync status for the new partner");
        var status = (await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/token-sync")).EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == partnerId);
        if (!status.GetProperty("in_sync").GetBoolean())
        {
            status.GetProperty("never_synced").GetBoolean().ShouldBeTrue();
            LaggingSince(status).ShouldBeNull();
        }

        cpo.Down = false;
        await emsp.WaitUntilInSyncAsync(partnerId);
        status = (await emsp.InternalApi().GetFromJsonAsync<JsonElement>("/api/token-sync")).EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == partnerId);
        status.GetProperty("never_synced").GetBoolean().ShouldBeFalse();
        LaggingSince(status).ShouldBeNull();
    }

    [Fact]
    public async Task a_sync_status_stored_with_the_year_one_marker_is_shown_as_never_synced_without_a_date()
    {
        var partnerId = "legacy-" + Guid.NewGuid().ToString("N")[..8];
        await using (var session = emsp.Store.LightweightSession())
        {
            session.Store(new global::Ocpi.Emsp.Tokens.Push.TokenSyncStatus { Id = partnerId, InSync = false, LaggingSince = DateTimeOffset.MinValue });
            await session.SaveChangesAsync();
        }

        var body = await emsp.InternalApi().GetStringAsync("/api/token-sync");

        body.ShouldNotContain("0001-01-01", customMessage: body);
        var status = JsonDocument.Parse(body).RootElement.EnumerateArray().Single(s => s.GetProperty("id").GetString() == partnerId);
        status.GetProperty("never_synced").GetBoolean().ShouldBeTrue();
        LaggingSince(status).ShouldBeNull();
    }

    /// <summary>lagging_since, null when absent (null members are left out of our JSON) or null.</summary>
    private static string? LaggingSince(JsonElement status) =>
        status.TryGetProperty("lagging_since", out var since) && since.ValueKind != JsonValueKind.Null ? since.GetString() : null;

    [Fact]
    public async Task a_newly_registered_cpo_receives_every_token_once()
    {
        var uid = "N" + Guid.NewGuid().ToString("N")[..10];
        await emsp.PutTokenAsync(TokensFixture.NewToken(uid));

        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await emsp.WaitUntilInSyncAsync(partnerId);

        TokenPushes(cpo, uid).Count().ShouldBe(1);
        cpo.Requests.Where(r => r.Path.StartsWith("/ocpi/2.3.0/tokens/")).GroupBy(r => r.Path).ShouldAllBe(g => g.Count() == 1);
    }

    [Fact]
    public async Task tokens_of_another_party_or_with_a_mismatching_uid_are_refused_with_400()
    {
        var token = TokensFixture.NewToken("X1");
        token["party_id"] = "ZZZ";
        var response = await emsp.PutTokenAsync(token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("party_id");
        var invalid = TokensFixture.NewToken("X2");
        invalid.Remove("whitelist");
        (await (await emsp.PutTokenAsync(invalid)).Content.ReadAsStringAsync()).ShouldContain("whitelist");
        (await emsp.InternalApi().GetAsync("/api/tokens/X1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
