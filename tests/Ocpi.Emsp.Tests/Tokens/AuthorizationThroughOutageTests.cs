using System.Text.Json;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// Authorization through a database outage of any length: partners authenticated before are answered from memory,
/// never waiting for the database (the link stays cut, and a connection through it is never answered, while the
/// answers arrive), and every decision answered meanwhile is stored once, in order, when the database is back.
/// </summary>
public sealed class AuthorizationThroughOutageTests(DatabaseOutageFixture emsp) : IClassFixture<DatabaseOutageFixture>
{
    [Fact]
    public async Task a_partner_authenticated_before_is_answered_while_the_database_stays_unreachable_long_after_the_cache_lifetime()
    {
        var (cpo, uid, _) = await emsp.CpoWithTokenAsync();
        (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldNotBeNull();

        emsp.Link.Cut();
        try
        {
            for (var hour = 1; hour <= 3; hour++)
            {
                emsp.Clock.Advance(TimeSpan.FromHours(1));
                (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldNotBeNull();
            }
            // Meanwhile connections through the link wait unanswered (the partner's refresh, the decision writers).
            await Eventually.HoldsAsync(() => emsp.Link.Waiting > 0, "someone waits on the unreachable database");
            (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldNotBeNull();
        }
        finally
        {
            emsp.Link.Restore();
        }
    }

    [Fact]
    public async Task decisions_answered_while_the_database_is_unreachable_are_stored_once_each_in_order_when_it_is_back()
    {
        var (cpo, uid, _) = await emsp.CpoWithTokenAsync();
        (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldNotBeNull();
        var references = new List<string>();
        IReadOnlyList<string> spilled;

        emsp.Link.Cut();
        try
        {
            // Far more than the buffer holds: the rest goes to a file instead of making the requests wait.
            for (var i = 0; i < DatabaseOutageFixture.Buffer * 6; i++)
                references.Add((await DatabaseOutageFixture.AuthorizeAsync(cpo, uid))!);
            spilled = SpilledReferences();
            spilled.Count.ShouldBeGreaterThan(0);
            foreach (var reference in references) (await emsp.StoredAsync(reference)).ShouldBe(0);
        }
        finally
        {
            emsp.Link.Restore();
        }

        references.Distinct().Count().ShouldBe(references.Count);
        await Eventually.HoldsAsync(async () =>
        {
            foreach (var reference in references)
                if (await emsp.StoredAsync(reference) == 0) return false;
            return emsp.SpillFiles("pending-").Count == 0;
        }, "every decision stored and the files removed", TimeSpan.FromMinutes(2));
        foreach (var reference in references) (await emsp.StoredAsync(reference)).ShouldBe(1);
        var order = new List<long>();
        foreach (var reference in spilled)
            order.Add(await emsp.ScalarAsync($"select seq_id from emsp.mt_events where stream_id = 'authorization:{reference}'"));
        order.ShouldBe(order.Order().ToList());

        // Back to normal: a new decision is stored from the buffer again.
        var after = (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid))!;
        await Eventually.HoldsAsync(async () => await emsp.StoredAsync(after) == 1, "a decision after the outage stored");
        emsp.SpillFiles("pending-").ShouldBeEmpty();
    }

    [Fact]
    public async Task a_token_another_node_revoked_is_refused_once_the_cache_lifetime_has_passed()
    {
        var (cpo, uid, partnerId) = await emsp.CpoWithTokenAsync();
        (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldNotBeNull();

        // Another node replaced the partner's token: the view changed in the database, this node was not told.
        await emsp.ScalarAsync("update emsp.mt_doc_partner set data = jsonb_set(data, '{token_hash}', '\"replaced\"') " +
            $"where id = '{partnerId}'");
        (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldNotBeNull();

        emsp.Clock.Advance(PartnerAuthenticationCache.DefaultLifetime + TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => await DatabaseOutageFixture.AuthorizeAsync(cpo, uid) is null,
            "the old token refused once the partner was read again");
        (await DatabaseOutageFixture.AuthorizeAsync(cpo, uid)).ShouldBeNull();
    }

    [Fact]
    public async Task a_partner_unregistered_on_this_node_is_not_answered_from_memory_when_the_database_goes_away_right_after()
    {
        var (kept, keptUid, _) = await emsp.CpoWithTokenAsync();
        var (gone, goneUid, goneId) = await emsp.CpoWithTokenAsync();
        (await DatabaseOutageFixture.AuthorizeAsync(kept, keptUid)).ShouldNotBeNull();
        (await DatabaseOutageFixture.AuthorizeAsync(gone, goneUid)).ShouldNotBeNull();

        (await emsp.InternalApi().DeleteAsync($"/api/partners/{goneId}?force=true")).IsSuccessStatusCode.ShouldBeTrue();
        emsp.Link.Cut(refuse: true);
        try
        {
            emsp.Clock.Advance(TimeSpan.FromHours(1));
            (await DatabaseOutageFixture.AuthorizeAsync(kept, keptUid)).ShouldNotBeNull();
            var refused = await gone.CallEmspAsync(HttpMethod.Post, $"{gone.EmspEndpoint("tokens")}/{goneUid}/authorize", gone.TokenForEmsp);
            refused.StatusCode.ShouldNotBe(1000);
        }
        finally
        {
            emsp.Link.Restore();
        }
    }

    private List<string> SpilledReferences() => emsp.SpillFiles("pending-").Order(StringComparer.Ordinal)
        .SelectMany(File.ReadAllLines)
        .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("decision").GetProperty("reference").GetString()!)
        .ToList();
}
