using Npgsql;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Storage;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Rebuild;

public sealed class ViewRebuildFailureFixture : EmspFixture;

/// <summary>
/// A rebuild that cannot complete leaves every view exactly as it was: nothing is touched before every selected view's
/// table is checked, and each view is replaced in one transaction, so a failure while refilling it rolls back to the
/// old rows (compared with their time of writing, so a view emptied and refilled identically would be caught too).
/// </summary>
public sealed class ViewRebuildFailureTests(ViewRebuildFailureFixture emsp) : IClassFixture<ViewRebuildFailureFixture>
{
    [Fact]
    public async Task a_view_with_an_unknown_column_is_refused_before_any_selected_view_is_touched()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        for (var i = 1; i <= 3; i++) await Push.SessionAsync(cpo, $"U{i}", "ACTIVE", "2025-04-01T10:00:00Z", $"NL-EMS-U{i}");
        await Push.TariffAsync(cpo, "U1", "2025-04-01T00:00:00Z");
        await ExecuteAsync("alter table emsp.mt_doc_tariffview add column audit_note text");
        var sessions = await RowsAsync("mt_doc_sessionview");
        var tariffs = await RowsAsync("mt_doc_tariffview");

        var error = await Should.ThrowAsync<MartenSchemaMismatchException>(() =>
            new ViewRebuilder(emsp.Store).RebuildAsync(["SessionView", "TariffView"], CancellationToken.None));

        error.Message.ShouldContain("mt_doc_tariffview.audit_note");
        (await RowsAsync("mt_doc_sessionview")).ShouldBe(sessions);
        (await RowsAsync("mt_doc_tariffview")).ShouldBe(tariffs);
    }

    /// <summary>
    /// The database refuses one document half-way through the COPY batches (one document per COPY, more documents than
    /// the hand-over queue holds): the rebuild ends with the reason instead of waiting on a full queue, and the view
    /// still holds its previous rows, those copied before the failure rolled back.
    /// </summary>
    [Fact]
    public async Task a_failure_while_refilling_a_view_leaves_its_previous_rows_intact()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        for (var i = 1; i <= 6; i++) await Push.SessionAsync(cpo, $"F{i}", "ACTIVE", "2025-04-01T10:00:00Z", $"NL-EMS-F{i}");
        var refused = Push.Key("session", cpo, "F5");
        // NOT VALID: the row already there stays; only rows written from now on are checked.
        await ExecuteAsync($"alter table emsp.mt_doc_sessionview add constraint refuse_f5 check (id <> '{refused}') not valid");
        var before = await RowsAsync("mt_doc_sessionview");
        before.ShouldContain(row => row.Contains(refused));

        var rebuild = new ViewRebuilder(emsp.Store, documentsPerCopy: 1).RebuildAsync(["SessionView"], CancellationToken.None);

        var error = await Should.ThrowAsync<PostgresException>(() => rebuild.WaitAsync(TimeSpan.FromSeconds(60)));
        error.ConstraintName.ShouldBe("refuse_f5");
        (await RowsAsync("mt_doc_sessionview")).ShouldBe(before);
        await ExecuteAsync("alter table emsp.mt_doc_sessionview drop constraint refuse_f5");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row with every column, the time of writing included.</summary>
    private async Task<List<string>> RowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select to_jsonb(t)::text from emsp.{table} t order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
