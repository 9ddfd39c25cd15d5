using System.Text.Json;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// Decisions the database keeps refusing (here: a NOT NULL column without default, as an upgrade of Marten could add
/// to mt_events) are set aside in a file, authorization keeps answering far beyond the buffer, and once the cause is
/// fixed a replay stores each of them once. The test has its own service and database, because it alters mt_events.
/// </summary>
public sealed class RefusedDecisionsTests
{
    private const string CountDecisions = "select count(*) from emsp.mt_events where type = 'authorization_decided'";

    [Fact]
    public async Task refused_decisions_are_set_aside_authorization_keeps_answering_and_a_replay_stores_them_once_the_cause_is_fixed()
    {
        var emsp = new DatabaseOutageFixture();
        await emsp.InitializeAsync();
        try
        {
            var (cpo, uid, _) = await emsp.CpoWithTokenAsync();
            var before = await emsp.ScalarAsync(CountDecisions);
            await emsp.ScalarAsync("alter table emsp.mt_events add column audited_by text not null default 'upgrade'; " +
                "alter table emsp.mt_events alter column audited_by drop default");

            var references = new List<string>();
            for (var i = 0; i < DatabaseOutageFixture.Buffer * 8; i++)
                references.Add((await DatabaseOutageFixture.AuthorizeAsync(cpo, uid))!);

            await Eventually.HoldsAsync(() => SetAside(emsp).Order().SequenceEqual(references.Order()),
                "every decision set aside", TimeSpan.FromMinutes(2));
            (await emsp.ScalarAsync(CountDecisions)).ShouldBe(before);

            await emsp.ScalarAsync("alter table emsp.mt_events drop column audited_by");
            (await emsp.Recorder.ReplayAsync(CancellationToken.None)).ShouldBeTrue();

            foreach (var reference in references) (await emsp.StoredAsync(reference)).ShouldBe(1);
            (await emsp.ScalarAsync(CountDecisions)).ShouldBe(before + references.Count);
            emsp.SpillFiles("set-aside-").ShouldBeEmpty();
            emsp.SpillFiles("pending-").ShouldBeEmpty();
        }
        finally
        {
            await emsp.DisposeAsync();
        }
    }

    private static List<string> SetAside(DatabaseOutageFixture emsp) => emsp.SpillFiles("set-aside-")
        .SelectMany(File.ReadAllLines)
        .Select(Parsed)
        .OfType<JsonElement>()
        .Where(line => line.GetProperty("sql_state").GetString() == "23502")
        .Select(line => line.GetProperty("decision").GetProperty("reference").GetString()!)
        .ToList();

    /// <summary>A line being written may be read half: it counts once it is whole.</summary>
    private static JsonElement? Parsed(string line)
    {
        try { return JsonDocument.Parse(line).RootElement; }
        catch (JsonException) { return null; }
    }
}
