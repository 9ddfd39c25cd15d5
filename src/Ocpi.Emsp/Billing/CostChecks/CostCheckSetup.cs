using Marten;

namespace Ocpi.Emsp.Billing.CostChecks;

public static class CostCheckSetup
{
    /// <summary>
    /// Registers the cost check on the daemon (unless <c>Emsp:Billing:CostCheckOnArrival</c> is false) and its document;
    /// returns the event types that must wake the daemon.
    /// </summary>
    public static IReadOnlyCollection<Type> AddCostChecks(this StoreOptions opts, IConfiguration configuration, IServiceProvider services)
    {
        opts.Schema.For<CdrAwaitingTariff>().Duplicate(w => w.TariffKey).Duplicate(w => w.CdrKey);
        var options = configuration.GetSection(CostCheckOptions.Section).Get<CostCheckOptions>() ?? new CostCheckOptions();
        if (!options.CostCheckOnArrival) return [];
        var subscription = new CostCheckSubscription(options, services.GetRequiredService<ILogger<CostCheckSubscription>>());
        opts.Events.Subscribe(subscription);
        return subscription.IncludedEventTypes;
    }
}
