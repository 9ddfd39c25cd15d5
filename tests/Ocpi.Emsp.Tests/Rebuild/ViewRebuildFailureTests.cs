using Npgsql;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Rebuild;

public sealed class ViewRebuildFailureFixture : EmspFixture;

public sealed class ViewRebuildFailureTests(ViewRebuildFailureFixture emsp) : IClassFixture<ViewRebuildFailureFixture>
{
    /// <summary>
    /// A view table with a column the bulk writer does not know (here added by hand) is refused, and the failure of the
    /// writing side stops the reading side too: the rebuild ends with the reason instead of waiting forever on a full
    /// hand-over queue (one document per COPY, more documents than the queue holds).
    /// </summary>
    [Fact]
    public async Task a_view_that_cannot_be_written_fails_the_rebuild_with_the_reason_instead_of_hanging()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        for (var i = 1; i <= 6; i++) await Push.SessionAsync(cpo, $"F{i}", "ACTIVE", "2025-04-01T10:00:00Z", $"NL-EMS-F{i}");
        await using (var connection = new NpgsqlConnection(emsp.ConnectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand("alter table emsp.mt_doc_sessionview add column audit_note text", connection);
            await alter.ExecuteNonQueryAsync();
        }

        var rebuild = new ViewRebuilder(emsp.Store, documentsPerCopy: 1).RebuildAsync(["SessionView"], CancellationToken.None);

        var error = await Should.ThrowAsync<Emsp.Storage.MartenSchemaMismatchException>(() => rebuild.WaitAsync(TimeSpan.FromSeconds(60)));
        error.Message.ShouldContain("audit_note");
    }
}
