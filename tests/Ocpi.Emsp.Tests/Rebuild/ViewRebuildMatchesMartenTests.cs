using System.Text.Json.Nodes;
using Npgsql;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Tests.InternalApi;
using Ocpi.Emsp.Tests.Storage;

namespace Ocpi.Emsp.Tests.Rebuild;

/// <summary>
/// What <c>views rebuild</c> writes with COPY is, row by row and column by column (the time of writing aside), what
/// Marten's own inline projections wrote for the same events through Marten sessions.
/// </summary>
public sealed class ViewRebuildMatchesMartenTests(MartenContractFixture contract) : IClassFixture<MartenContractFixture>
{
    private static readonly (string View, string Table)[] Views =
        [("LocationView", "mt_doc_locationview"), ("SessionView", "mt_doc_sessionview"), ("TariffView", "mt_doc_tariffview"), ("CdrView", "mt_doc_cdrview")];

    [Fact]
    public async Task rebuilt_views_are_the_rows_martens_inline_projections_wrote()
    {
        var (cpo, _) = await contract.Ours.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "L1", "2025-04-01T10:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Patch, $"{Push.Url(cpo, "locations", "L1")}/3256",
            new JsonObject { ["status"] = "CHARGING", ["last_updated"] = "2025-04-01T10:05:00Z" });
        await Push.SessionAsync(cpo, "S1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");
        await Push.SendAsync(cpo, HttpMethod.Patch, Push.Url(cpo, "sessions", "S1"),
            new JsonObject { ["status"] = "COMPLETED", ["kwh"] = 7.5, ["last_updated"] = "2025-04-01T11:00:00Z" });
        await Push.CdrAsync(cpo, "C1", "2025-04-01T11:00:00Z");
        await Tests.Billing.CostChecks.CostChecked.AtLeastAsync(contract.Ours, Push.Key("cdr", cpo, "C1"));
        await Push.CdrAsync(cpo, "C1", "2025-04-01T11:00:00Z");
        await Push.TariffAsync(cpo, "T1", "2025-04-01T00:00:00Z");
        await Push.TariffAsync(cpo, "T2", "2025-04-01T00:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T2"));
        await contract.WriteThroughMartenAsync<LocationView>([Push.Key("location", cpo, "L1")]);
        await contract.WriteThroughMartenAsync<SessionView>([Push.Key("session", cpo, "S1")]);
        await contract.WriteThroughMartenAsync<CdrView>([Push.Key("cdr", cpo, "C1")]);
        await contract.WriteThroughMartenAsync<TariffView>([Push.Key("tariff", cpo, "T1"), Push.Key("tariff", cpo, "T2")]);
        var written = await SnapshotAsync();
        written.Values.ShouldAllBe(rows => rows.Count > 0);
        await WipeAsync();

        await new ViewRebuilder(contract.Marten.Store).RebuildAsync([.. Views.Select(v => v.View)], CancellationToken.None);

        var rebuilt = await SnapshotAsync();
        foreach (var (_, table) in Views) rebuilt[table].ShouldBe(written[table], table);
    }

    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(contract.Marten.ConnectionString);
        await connection.OpenAsync();
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var (_, table) in Views)
        {
            await using var command = new NpgsqlCommand($"select (to_jsonb(t) - 'mt_last_modified')::text from emsp.{table} t order by id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            snapshot[table] = rows;
        }
        return snapshot;
    }

    private async Task WipeAsync()
    {
        await using var connection = new NpgsqlConnection(contract.Marten.ConnectionString);
        await connection.OpenAsync();
        foreach (var (_, table) in Views)
        {
            await using var command = new NpgsqlCommand($"delete from emsp.{table}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
