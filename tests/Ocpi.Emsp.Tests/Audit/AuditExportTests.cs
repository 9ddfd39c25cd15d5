using System.Net;
using System.Text.Json;
using Npgsql;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Audit;

public sealed class AuditExportFixture : InternalApiFixture
{
    public const int BulkEvents = 200_000;
    public const int EventsPerStream = 100;
    private Task? _bulk;

    /// <summary>
    /// 200,000 events in 2,000 streams "bulk:{n}", appended in one statement (the rows Marten's append writes), each with a
    /// 300-byte payload {"n": i, "pad": ...} and the metadata of partner "p-bulk": about 100 MB of export.
    /// </summary>
    public Task BulkEventsAsync() => _bulk ??= AppendBulkAsync();

    private async Task AppendBulkAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
             insert into emsp.mt_streams (id, type, version, timestamp, tenant_id)
             select 'bulk:' || s, null, {EventsPerStream}, now(), '*DEFAULT*' from generate_series(0, {BulkEvents / EventsPerStream - 1}) s;
             insert into emsp.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived,
                                         causation_id, correlation_id, headers)
             select nextval('emsp.mt_events_sequence'), gen_random_uuid(), 'bulk:' || ((i - 1) / {EventsPerStream}),
                    (i - 1) % {EventsPerStream} + 1, jsonb_build_object('n', i, 'pad', repeat('x', 300)), 'bulk_test_event', '*DEFAULT*',
                    now(), 'Bulk.TestEvent', false, 'req-' || i, 'cor-' || i, jsonb_build_object('partner', 'p-bulk', 'source', 'test')
             from generate_series(1, {BulkEvents}) i order by i;
             """, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The audit read's statement as PostgreSQL sees it now: its state and what it waits for (none when it is over).</summary>
    public async Task<(string State, string? WaitEvent)?> ExportStatementAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select state, wait_event from pg_stat_activity where query like '/* audit event read */%' and pid <> pg_backend_pid()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }
}

/// <summary>GET /api/audit/events: NDJSON in sequence order, streamed from PostgreSQL as the client reads.</summary>
public sealed class AuditExportTests(AuditExportFixture emsp) : IClassFixture<AuditExportFixture>
{
    private static readonly string[] Members = ["seq", "stream", "version", "type", "timestamp", "metadata", "data", "link"];

    [Fact]
    public async Task an_export_of_200000_events_is_streamed_while_postgresql_still_sends_them_and_reads_back_equal()
    {
        await emsp.BulkEventsAsync();
        using var client = emsp.InternalApi();
        client.Timeout = TimeSpan.FromMinutes(10);

        using var response = await client.GetAsync("/api/audit/events?stream_prefix=bulk:", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();

        // With the first line in hand and the rest left unread, the database is still sending the range, and it ends up
        // waiting for us to take more (ClientWrite): the service holds no more than what the pipes between us buffer.
        // Were the range collected before the first byte was sent, the statement would be over by now.
        first.ShouldNotBeNull();
        (await emsp.ExportStatementAsync()).ShouldNotBeNull("the export's statement has ended before its first line was read").State.ShouldBe("active");
        await Infrastructure.Eventually.HoldsAsync(async () => (await emsp.ExportStatementAsync())?.WaitEvent == "ClientWrite",
            "PostgreSQL waiting for the service to read on", TimeSpan.FromMinutes(2));

        var count = 0;
        long previousSeq = 0;
        for (var line = first; line is not null; line = await reader.ReadLineAsync())
        {
            count++;
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            e.EnumerateObject().Select(p => p.Name).ShouldBe(Members);
            var seq = e.GetProperty("seq").GetInt64();
            seq.ShouldBeGreaterThan(previousSeq);
            previousSeq = seq;
            var n = e.GetProperty("data").GetProperty("n").GetInt32();
            n.ShouldBe(count);
            e.GetProperty("stream").GetString().ShouldBe($"bulk:{(n - 1) / AuditExportFixture.EventsPerStream}");
            e.GetProperty("version").GetInt64().ShouldBe((n - 1) % AuditExportFixture.EventsPerStream + 1);
            e.GetProperty("type").GetString().ShouldBe("bulk_test_event");
            e.GetProperty("data").GetProperty("pad").GetString()!.Length.ShouldBe(300);
            var metadata = e.GetProperty("metadata");
            metadata.GetProperty("partner").GetString().ShouldBe("p-bulk");
            metadata.GetProperty("correlation_id").GetString().ShouldBe($"cor-{n}");
            metadata.GetProperty("causation_id").GetString().ShouldBe($"req-{n}");
        }
        count.ShouldBe(AuditExportFixture.BulkEvents);
        await Infrastructure.Eventually.HoldsAsync(async () => await emsp.ExportStatementAsync() is null, "the export's statement closed");
    }

    [Fact]
    public async Task filters_combine_with_and_and_lines_come_in_sequence_order()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "F1", "2025-04-01T00:00:00Z");
        await Push.SessionAsync(cpo, "F1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");
        await Push.TariffAsync(other, "F1", "2025-04-01T00:00:00Z");
        await Push.TariffAsync(cpo, "F2", "2025-04-01T00:00:00Z");

        var lines = await ExportAsync($"/api/audit/events?partner={partnerId}&type=tariff_put&stream_prefix=tariff:");

        lines.Select(l => l.GetProperty("stream").GetString()).ShouldBe([Push.Key("tariff", cpo, "F1"), Push.Key("tariff", cpo, "F2")]);
        lines.Select(l => l.GetProperty("seq").GetInt64()).ShouldBeInOrder();
        (await ExportAsync($"/api/audit/events?partner={partnerId}&type=tariff_put,session_put&stream_prefix={Uri.EscapeDataString(Push.Key("session", cpo, ""))}"))
            .Select(l => l.GetProperty("stream").GetString()).ShouldBe([Push.Key("session", cpo, "F1")]);
    }

    [Fact]
    public async Task the_command_line_export_writes_the_lines_of_the_http_export()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "C1", "2025-04-01T00:00:00Z");
        await Push.LocationAsync(cpo, "C1", "2025-04-01T00:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "C1"));
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        var range = (From: from.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), To: to.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));

        // The partner too: the service appends events of its own meanwhile (audit checkpoints), which the range would include.
        var http = await (await emsp.InternalApi().GetAsync($"/api/audit/events?from={range.From}&to={range.To}&partner={partnerId}"))
            .Content.ReadAsStringAsync();
        var cli = await EventExportProcess.RunAsync(emsp.ConnectionString, "events", "export", "--from", range.From, "--to", range.To,
            "--partner", partnerId);

        cli.ExitCode.ShouldBe(0, cli.Error);
        var httpLines = http.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cliLines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        httpLines.Length.ShouldBeGreaterThanOrEqualTo(4);
        cliLines.Length.ShouldBe(httpLines.Length);
        for (var i = 0; i < httpLines.Length; i++) EventExportProcess.SameEvent(cliLines[i], httpLines[i]).ShouldBeTrue($"line {i}:\n{cliLines[i]}\n{httpLines[i]}");
        cli.Error.ShouldContain($"{httpLines.Length} events exported");
    }

    [Fact]
    public async Task bad_export_queries_are_400_naming_the_parameter()
    {
        await emsp.ShouldRefuseAsync("/api/audit/events?from=yesterday", "from");
        await emsp.ShouldRefuseAsync("/api/audit/events?to=2025-13-01T00:00:00Z", "to");
        await emsp.ShouldRefuseAsync("/api/audit/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "to");
        await emsp.ShouldRefuseAsync("/api/audit/events?type=no_such_event", "type");
        await emsp.ShouldRefuseAsync($"/api/audit/events?stream_prefix={new string('x', 201)}", "stream_prefix");
    }

    [Fact]
    public async Task the_command_refuses_bad_values_naming_the_option()
    {
        var cli = await EventExportProcess.RunAsync(emsp.ConnectionString, "events", "export", "--from", "yesterday");

        cli.ExitCode.ShouldBe(2);
        cli.Output.ShouldBeEmpty();
        cli.Error.ShouldContain("--from");
    }

    private async Task<List<JsonElement>> ExportAsync(string url)
    {
        var response = await emsp.InternalApi().GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
