using Marten;
using Ocpi.Emsp.Partners;
using Wolverine;

namespace Ocpi.Emsp.Tokens.Push;

/// <summary>
/// Periodically asks for a resync of every partner whose token copies are not in sync (after a failed push, or never
/// synced: a newly registered CPO gets all our tokens this way). Interval: Emsp:Tokens:ResyncInterval (default 30 s).
/// </summary>
public sealed class TokenResyncScheduler(IServiceProvider services, IConfiguration configuration, ILogger<TokenResyncScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Emsp:Tokens:ResyncInterval", TimeSpan.FromSeconds(30));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                var partners = await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered).ToListAsync(stoppingToken);
                var statuses = (await session.LoadManyAsync<TokenSyncStatus>(stoppingToken, partners.Select(p => p.Id).ToArray()))
                    .ToDictionary(s => s.Id);
                foreach (var partner in partners.Where(p => TokenPusher.TokensEndpoint(p) is not null))
                    if (!statuses.TryGetValue(partner.Id, out var status) || !status.InSync)
                        await bus.PublishAsync(new ResyncPartnerTokens(partner.Id));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Token resync round failed; trying again next round");
            }
        }
    }
}
