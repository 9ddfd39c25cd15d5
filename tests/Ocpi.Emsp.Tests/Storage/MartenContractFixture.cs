using Marten;
using Npgsql;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Storage;

/// <summary>The service whose pushes are written by its own SQL (group commit, decision recorder).</summary>
public sealed class OurSqlService : EmspFixture;

/// <summary>
/// The same service on another database, written only through Marten sessions by the tests: its own cost check is off,
/// since the cost checks of the first service are copied like every other event.
/// </summary>
public sealed class MartenWrittenService : EmspFixture
{
    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting(global::Ocpi.Emsp.Billing.CostChecks.CostCheckOptions.EnabledKey, "false");
}

/// <summary>
/// Two services on two databases with the same store configuration: pushes go through HTTP into the first (our SQL),
/// and the events they became are written again into the second through Marten sessions, push by push, with the same
/// stream keys, data and metadata. Then both databases hold what should be the same rows.
/// </summary>
public sealed class MartenContractFixture : IAsyncLifetime
{
    public OurSqlService Ours { get; } = new();
    public MartenWrittenService Marten { get; } = new();

    public async Task InitializeAsync()
    {
        await Ours.InitializeAsync();
        await Marten.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Ours.DisposeAsync();
        await Marten.DisposeAsync();
    }

    /// <summary>
    /// Writes the streams as stored by our SQL again through Marten: one session per push (the events of one request),
    /// its correlation id, causation id and headers on the session, the stream fetched for writing
    /// (so its version is known, as the group commit knows it) and Marten's own inline projection writing the view.
    /// </summary>
    public async Task WriteThroughMartenAsync<TView>(IReadOnlyCollection<string> streamKeys) where TView : class
    {
        foreach (var key in streamKeys)
        {
            IReadOnlyList<JasperFx.Events.IEvent> events;
            await using (var query = Ours.Store.QuerySession()) events = await query.Events.FetchStreamAsync(key);
            events.ShouldNotBeEmpty(key);
            foreach (var push in Pushes(events))
            {
                await using var session = Marten.Store.LightweightSession();
                var first = push[0];
                session.CorrelationId = first.CorrelationId;
                session.CausationId = first.CausationId;
                foreach (var (name, value) in await HeadersAsync(first.Id)) session.SetHeader(name, value);
                var data = push.Select(e => e.Data).ToArray();
                var stream = await session.Events.FetchForWriting<TView>(key);
                stream.AppendMany(data);
                await session.SaveChangesAsync();
            }
        }
    }

    /// <summary>An event's headers as stored (strings stay strings, as the service sets them).</summary>
    private async Task<Dictionary<string, object>> HeadersAsync(Guid eventId)
    {
        await using var connection = new NpgsqlConnection(Ours.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select headers::text from emsp.mt_events where id = @id", connection);
        command.Parameters.AddWithValue("id", eventId);
        var json = await command.ExecuteScalarAsync() as string;
        if (json is null) return [];
        return System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) ? (object)text : p.Value!);
    }

    /// <summary>Consecutive events caused by one request (our SQL stores each push's events under its request id).</summary>
    private static IEnumerable<List<JasperFx.Events.IEvent>> Pushes(IReadOnlyList<JasperFx.Events.IEvent> events)
    {
        var push = new List<JasperFx.Events.IEvent>();
        foreach (var e in events)
        {
            if (push.Count > 0 && push[0].CausationId != e.CausationId)
            {
                yield return push;
                push = [];
            }
            push.Add(e);
        }
        if (push.Count > 0) yield return push;
    }

    /// <summary>
    /// Rows as JSON objects, in the given order, without the columns named in <paramref name="ignored"/>.
    /// </summary>
    public static async Task<List<string>> RowsAsync(string connectionString, string table, string where, string orderBy,
        IReadOnlyCollection<string> keys, params string[] ignored)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var minus = string.Concat(ignored.Select(c => $" - '{c}'"));
        await using var command = new NpgsqlCommand(
            $"select (to_jsonb(t){minus})::text from emsp.{table} t where {where} = any(@keys) order by {orderBy}", connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
