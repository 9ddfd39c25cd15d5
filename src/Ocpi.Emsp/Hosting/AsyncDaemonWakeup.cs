using Marten;
using Marten.Events.Daemon.HighWater;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// Wakes the async projection daemon (PostgreSQL NOTIFY, which the daemon LISTENs to) when a transaction appends an
/// event that an async projection consumes, and only then. Marten's own switch notifies on every append: under a burst
/// of session pushes or authorizations that woke the daemon hundreds of times a second for events it skips, and every
/// NOTIFY serializes commits on a server-wide lock. Other events are still seen by the daemon's regular polling.
/// </summary>
public sealed class AsyncDaemonWakeup(IEnumerable<Type> eventTypesOfAsyncProjections) : DocumentSessionListenerBase
{
    private readonly HashSet<Type> _wakingTypes = eventTypesOfAsyncProjections.ToHashSet();

    public IReadOnlySet<Type> WakingTypes => _wakingTypes;

    public const string NotifySql = $"select pg_notify('{PostgresqlListenWakeup.DefaultChannel}', '')";

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (session.PendingChanges.Streams().Any(s => s.Events.Any(e => _wakingTypes.Contains(e.EventType))))
            session.QueueSqlCommand(NotifySql);
        return Task.CompletedTask;
    }
}
