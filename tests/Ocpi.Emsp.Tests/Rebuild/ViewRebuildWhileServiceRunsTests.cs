using Alba;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Rebuild;

public sealed class ViewRebuildWhileServiceRunsFixture : EmspFixture;

/// <summary>
/// A rebuild replaces views with what the events held when it started; a service node writing meanwhile would lose its
/// writes to the swap. So the rebuild refuses while another service node is connected to the database (recognised by
/// the application_name of its connections), unless forced. The host the rebuilder belongs to is not another node
/// (as the process running <c>views rebuild</c> is not).
/// </summary>
public sealed class ViewRebuildWhileServiceRunsTests(ViewRebuildWhileServiceRunsFixture emsp) : IClassFixture<ViewRebuildWhileServiceRunsFixture>
{
    [Fact]
    public async Task rebuild_refuses_while_another_service_node_is_connected_unless_forced_and_runs_once_it_is_gone()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "N1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-N1");
        var other = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", emsp.ConnectionString);
            builder.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
            builder.UseSetting("Emsp:ApiKey", EmspFixture.ApiKey);
        });
        try
        {
            // A request that uses the database, so that the other node's pooled connections are fresh.
            using var client = other.Server.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", EmspFixture.ApiKey);
            (await client.GetAsync("/api/partners")).EnsureSuccessStatusCode();
            var otherNames = await OtherNodeNamesAsync();
            otherNames.ShouldNotBeEmpty();

            var refused = await Should.ThrowAsync<ServiceNodesConnectedException>(() =>
                new ViewRebuilder(emsp.Store).RebuildAsync(["SessionView"], CancellationToken.None));
            refused.Message.ShouldContain(otherNames[0]);
            refused.Message.ShouldContain("--force");

            var forced = await new ViewRebuilder(emsp.Store).RebuildAsync(["SessionView"], CancellationToken.None, force: true);
            forced.Single().Documents.ShouldBe(1);
        }
        finally
        {
            await other.DisposeAsync();
        }

        await Eventually.HoldsAsync(async () => (await OtherNodeNamesAsync()).Count == 0, "the stopped node's connections to close");
        var rebuilt = await new ViewRebuilder(emsp.Store).RebuildAsync(["SessionView"], CancellationToken.None);
        rebuilt.Single().Documents.ShouldBe(1);
    }

    /// <summary>Application names of the service's connections that are not those of the fixture's own host.</summary>
    private async Task<List<string>> OtherNodeNamesAsync()
    {
        var own = new NpgsqlConnectionStringBuilder(((Marten.DocumentStore)emsp.Store).Storage.Database.CreateConnection().ConnectionString).ApplicationName!;
        var ownTag = own[own.LastIndexOf('[')..];
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select distinct application_name from pg_stat_activity
            where datname = current_database() and application_name like 'Ocpi.Emsp %' and application_name not like '%' || @own
            order by 1
            """, connection);
        command.Parameters.AddWithValue("own", ownTag);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
