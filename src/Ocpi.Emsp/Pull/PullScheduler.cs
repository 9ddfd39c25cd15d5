using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Partners;
using Wolverine;

namespace Ocpi.Emsp.Pull;

/// <summary>
/// Every Emsp:Pull:Interval (default an hour), asks for a pull of every registered CPO that offers a SENDER list. A
/// partner pulled less than half an interval ago (by another node, or a trigger) is left for the next round.
/// </summary>
public sealed class PullScheduler(IServiceProvider services, IOptions<PullOptions> options, TimeProvider clock, ILogger<PullScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                var partners = (await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered).ToListAsync(stoppingToken))
                    .Where(PullablePartner.HasSenders).ToList();
                var recent = clock.GetUtcNow() - interval / 2;
                var cursors = await session.Query<PullCursor>().ToListAsync(stoppingToken);
                foreach (var partner in partners)
                {
                    var started = cursors.Where(c => c.PartnerId == partner.Id).Select(c => c.RunStartedAt ?? c.LastRunStartedAt).ToList();
                    if (started.Count > 0 && started.All(s => s > recent)) continue;
                    await bus.PublishAsync(PullPartner.Everything(partner.Id));
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Pull round failed; trying again next round");
            }
        }
    }
}
