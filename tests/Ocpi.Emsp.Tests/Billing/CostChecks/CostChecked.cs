using JasperFx.Events;
using Marten;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Billing.CostChecks;

/// <summary>Waits (bounded polling) for the daemon's cost checks of a CDR stream.</summary>
public static class CostChecked
{
    /// <summary>The CdrCostChecked events of the stream once there are at least <paramref name="count"/>.</summary>
    public static async Task<IReadOnlyList<IEvent<CdrCostChecked>>> AtLeastAsync(EmspFixture emsp, string cdrKey, int count = 1)
    {
        IReadOnlyList<IEvent<CdrCostChecked>> checks = [];
        await Eventually.HoldsAsync(async () => (checks = await AllAsync(emsp, cdrKey)).Count >= count,
            $"{count} cost check(s) of {cdrKey}", TimeSpan.FromSeconds(60));
        return checks;
    }

    public static async Task<IReadOnlyList<IEvent<CdrCostChecked>>> AllAsync(EmspFixture emsp, string cdrKey)
    {
        await using var session = emsp.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(cdrKey)).OfType<IEvent<CdrCostChecked>>().ToList();
    }
}
