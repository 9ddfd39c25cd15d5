using Marten;
using Npgsql;
using Ocpi.Emsp.Hosting;

namespace Ocpi.Emsp.Rebuild;

/// <summary>
/// Service nodes connected to the database, seen by the application_name of their connections
/// (<see cref="ConnectionNames"/>). A rebuild must not run beside them: a node appending between the rebuild's ceiling
/// and its commit would have its view rows replaced by rows that miss its events.
/// </summary>
internal static class ServiceNodes
{
    /// <summary>One line per connected node and role: application name, client address, connections.</summary>
    public static async Task<IReadOnlyList<string>> ConnectedAsync(DocumentStore store, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        var own = new NpgsqlConnectionStringBuilder(connection.ConnectionString).ApplicationName;
        // The process running the rebuild carries its own instance tag (a host in the same process, as in tests, too);
        // a name set by the operator is the service's name as well.
        var ownTag = ConnectionNames.InstanceTag(own);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            select application_name, coalesce(host(client_addr), 'local'), count(*)
            from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()
              and (application_name like @prefix or (@configured <> '' and application_name = @configured))
              and (@ownTag = '' or right(application_name, length(@ownTag)) <> @ownTag)
            group by 1, 2 order by 1, 2
            """, connection);
        command.Parameters.AddWithValue("prefix", ConnectionNames.Prefix + "%");
        command.Parameters.AddWithValue("configured", ownTag is null && !string.IsNullOrEmpty(own) ? own : "");
        command.Parameters.AddWithValue("ownTag", ownTag ?? "");
        var nodes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) nodes.Add($"'{reader.GetString(0)}' from {reader.GetString(1)} ({reader.GetInt64(2)} connections)");
        return nodes;
    }
}

/// <summary>The rebuild was refused because service nodes are connected to the database.</summary>
public sealed class ServiceNodesConnectedException(IReadOnlyList<string> nodes) : InvalidOperationException(
    "Service nodes are connected to the database; stop them before rebuilding views (or pass --force to rebuild anyway, " +
    "at the risk of views that miss what those nodes write meanwhile):" + string.Concat(nodes.Select(n => Environment.NewLine + "  " + n)));
