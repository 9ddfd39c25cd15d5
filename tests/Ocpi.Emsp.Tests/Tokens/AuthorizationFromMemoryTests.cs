using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tokens;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// Authorization answers from the in-memory token directory: changes made on this node count at once, changes another
/// node wrote to the database arrive within the refresh interval, and decisions stored together keep their own metadata.
/// </summary>
public sealed class AuthorizationFromMemoryTests(TokensFixture emsp) : IClassFixture<TokensFixture>
{
    private async Task<CpoSimulator.CpoSimulator> CpoAsync() =>
        (await emsp.RegisteredCpoAsync(new() { Party = EmspFixture.NextParty(), Modules = [("locations", Protocol.Versions.InterfaceRole.SENDER)] })).Cpo;

    private static async Task<string?> AllowedAsync(CpoSimulator.CpoSimulator cpo, string uid, IDictionary<string, string>? headers = null)
    {
        var result = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp, headers: headers);
        return result.HttpStatus == HttpStatusCode.NotFound ? null : result.Data.GetProperty("allowed").GetString();
    }

    private static string NewUid() => "M" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    /// <summary>Appends to the token's stream the way another node of the service does: this node's memory is not told.</summary>
    private async Task WriteAsAnotherNodeAsync(string uid, object change)
    {
        await using var session = emsp.Store.LightweightSession();
        var stream = await session.Events.FetchForExclusiveWriting<TokenView>(TokenView.KeyOf(new Protocol.Common.PartyRef("NL", "EMS"), uid, "RFID"));
        stream.AppendOne(change);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task a_token_blocked_on_this_node_is_blocked_at_the_very_next_authorization()
    {
        var cpo = await CpoAsync();
        var uid = NewUid();
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await AllowedAsync(cpo, uid)).ShouldBe("ALLOWED");

        (await emsp.PatchTokenAsync(uid, new JsonObject { ["valid"] = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await AllowedAsync(cpo, uid)).ShouldBe("BLOCKED");
    }

    [Fact]
    public async Task a_token_blocked_by_another_node_is_blocked_here_after_the_refresh_interval()
    {
        var cpo = await CpoAsync();
        var uid = NewUid();
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await AllowedAsync(cpo, uid)).ShouldBe("ALLOWED");

        await WriteAsAnotherNodeAsync(uid, new TokenPatched(new JsonObject { ["valid"] = false, ["last_updated"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O") }));

        await Eventually.HoldsAsync(async () => await AllowedAsync(cpo, uid) == "BLOCKED", "the block written by another node is seen");
    }

    [Fact]
    public async Task a_token_created_by_another_node_is_known_here_at_once()
    {
        var cpo = await CpoAsync();
        var uid = NewUid();
        (await AllowedAsync(cpo, uid)).ShouldBeNull();

        await WriteAsAnotherNodeAsync(uid, new TokenIssued("NL", "EMS", uid, "RFID", TokensFixture.NewToken(uid)));

        (await AllowedAsync(cpo, uid)).ShouldBe("ALLOWED");
    }

    [Fact]
    public async Task decisions_taken_at_the_same_moment_are_each_stored_with_their_own_request_ids()
    {
        var cpo = await CpoAsync();
        var uid = NewUid();
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var requestIds = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid().ToString()).ToList();

        var answers = await Task.WhenAll(requestIds.Select(id => cpo.CallEmspAsync(HttpMethod.Post,
            $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp,
            headers: new Dictionary<string, string> { [OcpiHeaders.RequestId] = id, [OcpiHeaders.CorrelationId] = "corr-" + id })));

        await using var session = emsp.Store.QuerySession();
        for (var i = 0; i < requestIds.Count; i++)
        {
            var reference = answers[i].Data.GetProperty("authorization_reference").GetString()!;
            await Eventually.HoldsAsync(async () => (await session.Events.FetchStreamAsync(AuthorizationView.StreamKey(reference))).Count > 0, "decision stored");
            var stored = (await session.Events.FetchStreamAsync(AuthorizationView.StreamKey(reference))).ShouldHaveSingleItem();
            stored.CausationId.ShouldBe(requestIds[i]);
            stored.CorrelationId.ShouldBe("corr-" + requestIds[i]);
            stored.Headers!["request_id"].ToString().ShouldBe(requestIds[i]);
            stored.Headers!["partner"].ToString().ShouldStartWith("p-");
            (await session.Events.AggregateStreamAsync<AuthorizationView>(AuthorizationView.StreamKey(reference)))!.TokenKey.ShouldEndWith(uid);
        }
    }
}
