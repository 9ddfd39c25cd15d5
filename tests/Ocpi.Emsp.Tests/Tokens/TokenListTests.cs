using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Tokens;

public sealed class TokenListFixture : TokensFixture;

/// <summary>The Tokens SENDER list: pagination contract and a stable order while tokens change.</summary>
public sealed class TokenListTests(TokenListFixture emsp) : IClassFixture<TokenListFixture>
{
    private async Task<CpoSimulator.CpoSimulator> PullingCpoAsync()
    {
        // A CPO without a Tokens RECEIVER: it pulls, nothing is pushed to it.
        var (cpo, _) = await emsp.RegisteredCpoAsync(new() { Party = EmspFixture.NextParty(), Modules = [("locations", InterfaceRole.SENDER)] });
        return cpo;
    }

    private static string? Next(CpoSimulator.OcpiCallResult page) =>
        page.Headers.TryGetValue("Link", out var link) ? link[(link.IndexOf('<') + 1)..link.IndexOf('>')] : null;

    [Fact]
    public async Task a_paging_walk_over_a_thousand_tokens_sees_each_once_while_tokens_change()
    {
        var cpo = await PullingCpoAsync();
        var prefix = "W" + Guid.NewGuid().ToString("N")[..6];
        var uids = Enumerable.Range(0, 1000).Select(i => $"{prefix}{i:D4}").ToList();
        await Parallel.ForEachAsync(uids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (uid, _) =>
            (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created));

        var seen = new List<string>();
        string? url = cpo.EmspEndpoint("tokens") + "?limit=100";
        var changes = 0;
        while (url is not null)
        {
            var page = await cpo.CallEmspAsync(HttpMethod.Get, url, cpo.TokenForEmsp);
            page.StatusCode.ShouldBe(1000);
            seen.AddRange(page.Data.EnumerateArray().Select(t => t.GetProperty("uid").GetString()!));
            // Between pages: change tokens already walked and not yet walked, and add new ones.
            var walked = uids[Random.Shared.Next(0, Math.Min(uids.Count, seen.Count(s => s.StartsWith(prefix))))];
            var ahead = uids[Random.Shared.Next(Math.Min(999, seen.Count), 1000)];
            foreach (var uid in new[] { walked, ahead })
                (await emsp.PatchTokenAsync(uid, new JsonObject { ["valid"] = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
            await emsp.PutTokenAsync(TokensFixture.NewToken($"{prefix}NEW{changes++}"));
            url = Next(page);
        }

        var ours = seen.Where(s => s.StartsWith(prefix) && !s.Contains("NEW")).ToList();
        ours.Count.ShouldBe(1000);
        ours.Distinct().Count().ShouldBe(1000);
        seen.Distinct().Count().ShouldBe(seen.Count);
        changes.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public async Task date_filters_are_inclusive_from_and_exclusive_to_with_pagination_headers()
    {
        var cpo = await PullingCpoAsync();
        var prefix = "F" + Guid.NewGuid().ToString("N")[..6];
        var times = new[] { "2041-01-01T00:00:00Z", "2041-01-02T00:00:00Z", "2041-01-03T00:00:00Z" };
        for (var i = 0; i < times.Length; i++)
            await emsp.PutTokenAsync(TokensFixture.NewToken($"{prefix}{i}", lastUpdated: times[i]));

        var page = await cpo.CallEmspAsync(HttpMethod.Get,
            $"{cpo.EmspEndpoint("tokens")}?date_from=2041-01-01T00:00:00Z&date_to=2041-01-03T00:00:00Z&limit=1", cpo.TokenForEmsp);

        page.Headers["X-Total-Count"].ShouldBe("2");
        page.Headers["X-Limit"].ShouldBe("1000");
        page.Data.EnumerateArray().Single().GetProperty("uid").GetString().ShouldBe($"{prefix}0");
        var next = await cpo.CallEmspAsync(HttpMethod.Get, Next(page)!, cpo.TokenForEmsp);
        next.Data.EnumerateArray().Single().GetProperty("uid").GetString().ShouldBe($"{prefix}1");
        Next(next).ShouldBeNull();
    }

    [Fact]
    public async Task blocked_tokens_are_listed_so_cpos_learn_about_them()
    {
        var cpo = await PullingCpoAsync();
        var uid = "B" + Guid.NewGuid().ToString("N")[..8];
        await emsp.PutTokenAsync(TokensFixture.NewToken(uid, valid: false, lastUpdated: "2042-05-05T00:00:00Z"));

        var page = await cpo.CallEmspAsync(HttpMethod.Get, $"{cpo.EmspEndpoint("tokens")}?date_from=2042-05-05T00:00:00Z", cpo.TokenForEmsp);

        var token = page.Data.EnumerateArray().Single(t => t.GetProperty("uid").GetString() == uid);
        token.GetProperty("valid").GetBoolean().ShouldBeFalse();
    }
}
