using Npgsql;
using Ocpi.Emsp.Rebuild;
using static Ocpi.Emsp.Tests.InvoiceReconciliation.InvoiceReconciliationFixture;

namespace Ocpi.Emsp.Tests.InvoiceReconciliation;

/// <summary>
/// The records' view is written by the group commit (CPO pushes) and by a Marten session (records we issue); `views
/// rebuild` must write exactly the same rows from the events.
/// </summary>
public sealed class InvoiceReconciliationRebuildTests(InvoiceReconciliationFixture emsp) : IClassFixture<InvoiceReconciliationFixture>
{
    [Fact]
    public async Task the_rebuilt_view_is_identical_to_the_view_the_pushes_and_issues_built()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await PostCdrAsync(cpo, "A", "2026-05-03T10:00:00Z", 10.00m, 2.10m);
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "D1", "INV-1", "A"));
        var newer = Record(cpo.Options.Party, "D1", "INV-1", "A", "X");
        newer["last_updated"] = "2026-04-05T00:00:00Z";
        await PutRecordAsync(cpo, newer);
        await PutRecordAsync(cpo, Record(cpo.Options.Party, "D1", "INV-OLD", "A"));
        await PostRecordAsync(cpo, Record(cpo.Options.Party, "D2", "INV-2", "A"));
        await cpo.CallEmspAsync(HttpMethod.Delete, Url(cpo, "D2"), cpo.TokenForEmsp);
        (await emsp.IssueAsync(cpo.Options.Party, "2026-05", "SB-1")).EnsureSuccessStatusCode();
        (await emsp.IssueAsync(cpo.Options.Party, "2026-05", "SB-1")).EnsureSuccessStatusCode();
        var before = await RowsAsync();
        before.Count.ShouldBe(3);
        await ExecuteAsync("delete from emsp.mt_doc_invoicereconciliationview");

        var results = await new ViewRebuilder(emsp.Store).RebuildAsync(["InvoiceReconciliationView"], CancellationToken.None);

        results.ShouldHaveSingleItem().Documents.ShouldBe(3);
        (await RowsAsync()).ShouldBe(before);
    }

    private async Task<List<string>> RowsAsync()
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (to_jsonb(t) - 'mt_last_modified')::text from emsp.mt_doc_invoicereconciliationview t order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
