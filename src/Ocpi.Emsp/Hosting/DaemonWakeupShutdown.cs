using Marten.Events.Daemon.HighWater;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// Ends the async daemon's LISTEN connection once every hosted service has stopped. Marten keeps it open until the
/// store is disposed, which comes after an embedded database has been stopped: the connection then died under it and
/// a normal shutdown logged a warning with a stack trace. Registered after Marten, so it runs before the embedded
/// database's stop (hosts call StoppedAsync in reverse order of registration).
/// </summary>
internal sealed class DaemonWakeupShutdown(PostgresqlListenWakeup wakeup) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        wakeup.Dispose();
        return Task.CompletedTask;
    }
}
