using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using Ocpi.Emsp.Hosting.CommandLine;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Rebuild;

internal interface IViewRebuild
{
    string Name { get; }
    /// <summary>The view's table as the rebuild writes it, checked before anything is touched.</summary>
    TableContract Table { get; }
    /// <param name="ceiling">The last event sequence to read: the same for every view of one rebuild.</param>
    /// <param name="progress">Told how many events the view reads, then each stream or chunk read; null: nothing told.</param>
    Task<ViewRebuildResult> RunAsync(long ceiling, CommandProgress? progress, CancellationToken ct);
}

public sealed record ViewRebuildResult(string Name, long Events, long Documents, TimeSpan Elapsed);

/// <summary>
/// Rebuilds every stored view from the events, all views at once, each in bulk: one ordered read of its events, the
/// projection's own fold, COPY. Live projections have nothing stored. Nothing is touched before everything is checked:
/// the view names, that no service node is connected (a node writing during the rebuild would be overwritten; unless
/// forced), and every selected view's table against what the rebuild writes. Each view is then replaced in one
/// transaction: a failure leaves it as it was, never half empty. Marten's <c>projections rebuild</c> does the same one
/// page of events at a time, with an upsert per document; it remains the tool for rebuilding one projection while the
/// service runs.
/// </summary>
public sealed class ViewRebuilder(IDocumentStore documentStore, int documentsPerCopy = 500)
{
    private readonly DocumentStore store = (DocumentStore)documentStore;

    public IReadOnlyList<string> ViewNames => [.. Rebuilds().Select(r => r.Name)];

    /// <param name="force">Rebuild even while service nodes are connected to the database.</param>
    /// <param name="progress">Events read so far, out of all the selected views read (counted first).</param>
    public async Task<IReadOnlyList<ViewRebuildResult>> RebuildAsync(IReadOnlyCollection<string>? only, CancellationToken ct, bool force = false,
        CommandProgress? progress = null)
    {
        var selected = Rebuilds().Where(r => only is null || only.Contains(r.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (only is not null && selected.Count != only.Count)
            throw new ArgumentException($"Unknown view among {string.Join(", ", only)}; views: {string.Join(", ", ViewNames)}");
        if (!force && await ServiceNodes.ConnectedAsync(store, ct) is { Count: > 0 } nodes) throw new ServiceNodesConnectedException(nodes);
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await TableContract.EnsureAsync(connection, selected.Select(r => r.Table), ct);
        }
        var ceiling = await CeilingAsync(ct);
        return await Task.WhenAll(selected.Select(r => Task.Run(() => r.RunAsync(ceiling, progress, ct), ct)));
    }

    private IEnumerable<IViewRebuild> Rebuilds()
    {
        foreach (var source in store.Options.Projections.All)
        {
            switch (source.Lifecycle)
            {
                case ProjectionLifecycle.Live:
                    continue;
                case var _ when ProjectedDocuments.DocumentType(source.GetType(), typeof(SingleStreamProjection<,>)) is { } docType:
                    yield return Create(typeof(StreamViewRebuild<>), docType, source);
                    break;
                case var _ when ProjectedDocuments.DocumentType(source.GetType(), typeof(MultiStreamProjection<,>)) is { } docType:
                    yield return Create(typeof(MultiStreamViewRebuild<>), docType, source);
                    break;
                default:
                    throw new NotSupportedException($"{source.Name}: only single- and multi-stream projections with string ids are rebuilt.");
            }
        }
    }

    /// <summary>The highest event sequence when the rebuild starts: every view is rebuilt up to it.</summary>
    private async Task<long> CeilingAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(
            $"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private IViewRebuild Create(Type rebuild, Type docType, object projection) =>
        (IViewRebuild)Activator.CreateInstance(rebuild.MakeGenericType(docType), store, projection, documentsPerCopy)!;

}
