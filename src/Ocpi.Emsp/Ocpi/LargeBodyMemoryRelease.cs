namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// Gives the memory of large request bodies back to the operating system once they stop coming: when large bodies were
/// parsed and the <see cref="LargeBodyParser"/> thread has ended (no large body for its idle time), one aggressive full
/// collection, at most one per <see cref="MinInterval"/>. Why: a large body becomes garbage on the large object heap and
/// in rented pool arrays, which the runtime keeps and trims only on later full collections under memory pressure; an idle
/// service runs no such collection, so after a burst the process kept its peak memory indefinitely. An aggressive
/// collection also trims the shared array pools and decommits the freed memory. It pauses the process for a few to some
/// tens of milliseconds, hence only after large bodies, when they have stopped, and never more often than MinInterval.
/// </summary>
public sealed class LargeBodyMemoryRelease(ILogger<LargeBodyMemoryRelease> log) : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long released = 0;
        var lastRelease = long.MinValue / 2;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var parsed = LargeBodyParser.Parsed;
            if (parsed == released || LargeBodyParser.Running || Environment.TickCount64 - lastRelease < MinInterval.TotalMilliseconds) continue;
            var before = GC.GetTotalMemory(false);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            log.LogInformation("Released the memory of {Count} large request bodies: managed heap {Before} -> {After} MB",
                parsed - released, before / (1024 * 1024), GC.GetTotalMemory(false) / (1024 * 1024));
            released = parsed;
            lastRelease = Environment.TickCount64;
        }
    }
}
