using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Audit;

/// <summary>
/// Rows of mt_events changed behind the service's back, directly in PostgreSQL, are found by verification at their
/// seq, with the reason. Each test verifies the range of its own events (the fixture's database collects every test's
/// damage), except the forged seq below every real one, which a verification from the start must find first.
/// </summary>
public sealed class AuditChainTamperingTests(TamperedChainFixture emsp) : IClassFixture<TamperedChainFixture>
{
    private const string CopyColumns = "stream_id, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, causation_id, correlation_id, headers";

    /// <summary>Inserts a copy of the event at <paramref name="source"/> at <paramref name="seq"/>, as a new version of its stream.</summary>
    private Task CopyEventAsync(long source, long seq) => emsp.ExecuteAsync(
        $"insert into emsp.mt_events (seq_id, id, version, {CopyColumns}) " +
        $"select @seq, gen_random_uuid(), version + 1000000 + @n, {CopyColumns} from emsp.mt_events where seq_id = @source",
        ("seq", seq), ("source", source), ("n", Random.Shared.Next(1, 1_000_000)));

    /// <summary>Three session pushes, sealed: the seq range they span and the middle event's seq.</summary>
    private async Task<(long First, long Middle, long Last)> SealedEventsAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var first = await emsp.LastEventSeqAsync() + 1;
        for (var i = 1; i <= 3; i++)
            await Push.SessionAsync(cpo, $"T{i}{Guid.NewGuid():N}"[..12], "ACTIVE", $"2025-04-0{i}T10:00:00Z", "NL-EMS-C1");
        var last = await emsp.LastEventSeqAsync();
        await emsp.SealedUpToAsync(last);
        var middle = await emsp.ScalarAsync<long>(
            "select seq_id from emsp.mt_events where seq_id between @f and @l and stream_id like 'session:%' order by seq_id offset 1 limit 1",
            ("f", first), ("l", last));
        (await emsp.VerifyAsync(first, last)).Ok.ShouldBeTrue();
        return (first, middle, last);
    }

    private Task<string> StreamAsync(long seq) => emsp.ScalarAsync<string>("select stream_id from emsp.mt_events where seq_id = @s", ("s", seq));

    [Theory]
    [InlineData("data = jsonb_set(data, '{status}', '\"COMPLETED\"')")]
    [InlineData("type = 'session_patched'")]
    [InlineData("timestamp = timestamp + interval '1 microsecond'")]
    [InlineData("headers = headers || '{\"partner\": \"someone-else\"}'")]
    public async Task an_event_altered_in_postgresql_is_reported_altered_at_its_seq(string change)
    {
        var (first, middle, last) = await SealedEventsAsync();

        (await emsp.ExecuteAsync($"update emsp.mt_events set {change} where seq_id = @s", ("s", middle))).ShouldBe(1);

        var result = await emsp.VerifyAsync(first, last);
        result.Ok.ShouldBeFalse();
        result.FirstBroken.ShouldBe(new BrokenLink(middle, await StreamAsync(middle), BrokenLink.Altered));
        result.Checked.ShouldBe(middle - first + 1 - await GapsAsync(first, middle));
    }

    [Fact]
    public async Task an_event_deleted_in_postgresql_is_reported_deleted_at_its_seq()
    {
        var (first, middle, last) = await SealedEventsAsync();

        (await emsp.ExecuteAsync("delete from emsp.mt_events where seq_id = @s", ("s", middle))).ShouldBe(1);

        var result = await emsp.VerifyAsync(first, last);
        result.Ok.ShouldBeFalse();
        result.FirstBroken.ShouldBe(new BrokenLink(middle, null, BrokenLink.Deleted));
    }

    [Fact]
    public async Task an_event_inserted_into_a_sequence_gap_is_reported_inserted()
    {
        var (first, middle, _) = await SealedEventsAsync();
        // A rolled-back append leaves its number unused; the chain passes it once the daemon stops waiting for it.
        var gap = await emsp.ScalarAsync<long>("select nextval('emsp.mt_events_sequence')");
        var (_, _, last) = await SealedEventsAsync();

        await CopyEventAsync(middle, gap);

        var result = await emsp.VerifyAsync(first, last);
        result.FirstBroken.ShouldBe(new BrokenLink(gap, await StreamAsync(middle), BrokenLink.Inserted));
    }

    [Fact]
    public async Task an_event_inserted_with_a_forged_seq_is_reported_inserted_by_a_verification_from_the_start()
    {
        var (_, middle, last) = await SealedEventsAsync();
        var forged = -Random.Shared.NextInt64(1, 1_000_000);

        await CopyEventAsync(middle, forged);

        var result = await emsp.VerifyAsync(to: last);
        result.Ok.ShouldBeFalse();
        result.FirstBroken!.Reason.ShouldBe(BrokenLink.Inserted);
        result.FirstBroken.Seq.ShouldBeLessThanOrEqualTo(forged);
    }

    [Fact]
    public async Task the_command_line_verify_names_the_broken_seq_and_exits_non_zero()
    {
        var (first, middle, last) = await SealedEventsAsync();
        await emsp.ExecuteAsync("update emsp.mt_events set data = data || '{\"kwh\": 99}' where seq_id = @s", ("s", middle));
        var output = new StringWriter();

        var exit = await AuditVerifyCommand.RunAsync(emsp.Host.Services, ["audit", "verify", "--from", first.ToString(), "--to", last.ToString()],
            output, new StringWriter());

        exit.ShouldBe(1);
        output.ToString().ShouldStartWith($"BROKEN at seq {middle} ({await StreamAsync(middle)}): altered");
    }

    [Fact]
    public async Task the_api_reports_the_first_broken_event_as_json()
    {
        var (first, middle, last) = await SealedEventsAsync();
        await emsp.ExecuteAsync("delete from emsp.mt_events where seq_id = @s", ("s", middle));

        var answer = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(
            emsp.InternalApi(), $"/api/audit/verify?from={first}&to={last}");

        answer.GetProperty("ok").GetBoolean().ShouldBeFalse();
        answer.GetProperty("first_broken").GetProperty("seq").GetInt64().ShouldBe(middle);
        answer.GetProperty("first_broken").GetProperty("reason").GetString().ShouldBe("deleted");
    }

    private async Task<long> GapsAsync(long first, long last) =>
        last - first + 1 - await emsp.ScalarAsync<long>("select count(*) from emsp.audit_chain where seq between @f and @l", ("f", first), ("l", last));
}
