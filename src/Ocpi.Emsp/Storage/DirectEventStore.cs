using System.Collections.Concurrent;
using System.Reflection;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Marten.Events.Aggregation;
using JasperFx.Events.Projections;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Hosting;

namespace Ocpi.Emsp.Storage;

/// <summary>
/// What appending events and writing inline views without a Marten session needs to know of the store: event type
/// names, stream type aliases, the serializer, the views' tables, which events wake the async daemon. One per store.
/// </summary>
public sealed class DirectEventStore
{
    private readonly ConcurrentDictionary<Type, EventType> _eventTypes = new();
    private readonly ConcurrentDictionary<Type, object> _views = new();
    private readonly ConcurrentDictionary<Type, string> _streamTypes = new();
    private readonly EventGraph _events;

    public DirectEventStore(IDocumentStore store)
    {
        Store = store;
        _events = (EventGraph)store.Options.Events;
        Serializer = store.Options.Serializer();
        Schema = _events.DatabaseSchemaName;
        WakingTypes = ((StoreOptions)store.Options).Listeners.OfType<AsyncDaemonWakeup>().SingleOrDefault()?.WakingTypes
            ?? new HashSet<Type>();
    }

    public IDocumentStore Store { get; }
    internal ISerializer Serializer { get; }
    internal string Schema { get; }
    internal IReadOnlySet<Type> WakingTypes { get; }

    internal EventType EventTypeOf(Type type) => _eventTypes.GetOrAdd(type, t =>
    {
        var mapping = _events.EventMappingFor(t);
        var wrap = typeof(DirectEventStore).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(t).CreateDelegate<Func<object, IEvent>>();
        return new EventType(mapping.EventTypeName, mapping.DotNetTypeName, wrap);
    });

    internal string StreamTypeOf(Type viewType) => _streamTypes.GetOrAdd(viewType, t => _events.AggregateAliasFor(t));

    internal StreamViewTable<TView> ViewTable<TView>() where TView : class =>
        (StreamViewTable<TView>)_views.GetOrAdd(typeof(TView), _ => new StreamViewTable<TView>(Store));

    /// <summary>
    /// Every table the service writes without a session while it runs: the event store's, and the view of every inline
    /// single-stream projection of an object stream (the views the group commit folds and upserts).
    /// </summary>
    public IReadOnlyList<TableContract> WrittenTables() =>
    [
        MartenTables.Streams(Schema),
        MartenTables.Events(Schema),
        .. ((StoreOptions)Store.Options).Projections.All
            .Where(p => p.Lifecycle == ProjectionLifecycle.Inline)
            .Select(p => ProjectedDocuments.DocumentType(p.GetType(), typeof(SingleStreamProjection<,>)))
            .Where(t => t is not null && typeof(IStreamView).IsAssignableFrom(t))
            .Select(t => ViewColumns.ContractOf(Store, t!)),
    ];

    private static IEvent Wrap<T>(object data) where T : notnull => new Event<T>((T)data);
}

/// <summary>An event type as stored: its alias (column type), its .NET type name, and how to wrap its data in an IEvent.</summary>
internal sealed record EventType(string Name, string DotNetName, Func<object, IEvent> Wrap);
