using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace Ocpi.Emsp.Rebuild;

internal interface IViewRebuild
{
    string Name { get; }
    Task<ViewRebuildResult> RunAsync(CancellationToken ct);
}

public sealed record ViewRebuildResult(string Name, long Events, long Documents, TimeSpan Elapsed);

/// <summary>
/// Rebuilds every view from the events, all at once: the inline single-stream views in bulk (one ordered read, the
/// projection's own fold, COPY), the asynchronous projections through Marten's daemon (which also resets their
/// progress). Live projections have nothing stored. Meant for a stopped service: a view is emptied before it is refilled.
/// </summary>
public sealed class ViewRebuilder(IDocumentStore documentStore)
{
    private const int DocumentsPerCopy = 2_000;
    private readonly DocumentStore store = (DocumentStore)documentStore;

    public IReadOnlyList<string> ViewNames => [.. Rebuilds().Select(r => r.Name)];

    public async Task<IReadOnlyList<ViewRebuildResult>> RebuildAsync(IReadOnlyCollection<string>? only, CancellationToken ct)
    {
        var selected = Rebuilds().Where(r => only is null || only.Contains(r.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (only is not null && selected.Count != only.Count)
            throw new ArgumentException($"Unknown view among {string.Join(", ", only)}; views: {string.Join(", ", ViewNames)}");
        if (selected.OfType<DaemonRebuild>().Any())
        {
            // One daemon for every asynchronous projection: each daemon would otherwise track the same progress rows.
            using var daemon = await store.BuildProjectionDaemonAsync();
            foreach (var rebuild in selected.OfType<DaemonRebuild>()) rebuild.Daemon = daemon;
            return await Task.WhenAll(selected.Select(r => Task.Run(() => r.RunAsync(ct), ct)));
        }
        return await Task.WhenAll(selected.Select(r => Task.Run(() => r.RunAsync(ct), ct)));
    }

    private IEnumerable<IViewRebuild> Rebuilds()
    {
        foreach (var source in store.Options.Projections.All)
        {
            switch (source.Lifecycle)
            {
                case ProjectionLifecycle.Inline when SingleStreamDocumentType(source.GetType()) is { } docType:
                    yield return (IViewRebuild)Activator.CreateInstance(
                        typeof(StreamViewRebuild<>).MakeGenericType(docType), store, source, DocumentsPerCopy)!;
                    break;
                case ProjectionLifecycle.Inline:
                    throw new NotSupportedException($"{source.Name}: only single-stream inline projections are rebuilt in bulk.");
                case ProjectionLifecycle.Async:
                    yield return new DaemonRebuild(store, source.Name);
                    break;
            }
        }
    }

    private static Type? SingleStreamDocumentType(Type projectionType)
    {
        for (var type = projectionType; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(SingleStreamProjection<,>) &&
                type.GetGenericArguments()[1] == typeof(string))
                return type.GetGenericArguments()[0];
        return null;
    }

    private sealed class DaemonRebuild(IDocumentStore store, string name) : IViewRebuild
    {
        public string Name => name;
        public JasperFx.Events.Daemon.IProjectionDaemon? Daemon { get; set; }

        public async Task<ViewRebuildResult> RunAsync(CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            await Daemon!.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), ct);
            var progress = await store.Advanced.ProjectionProgressFor(new ShardName(name), token: ct);
            return new ViewRebuildResult(name, progress, -1, clock.Elapsed);
        }
    }
}
