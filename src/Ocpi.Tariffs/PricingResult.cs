using Ocpi.Protocol.Common;

namespace Ocpi.Tariffs;

/// <summary>
/// What pricing a CDR with a Tariff gave: the costs, or why the session cannot be priced. Exactly one is set.
/// </summary>
public sealed record PricingResult(SessionCosts? Costs, string? Unpriceable)
{
    public static PricingResult Priced(SessionCosts costs) => new(costs, null);

    public static PricingResult NotPriceable(string reason) => new(null, reason);
}

/// <summary>
/// The costs a CDR would state (mod_cdrs CDR object): <see cref="Total"/> is total_cost (after min_price/max_price),
/// the parts are total_energy_cost, total_time_cost, total_parking_cost, total_fixed_cost and total_reservation_cost
/// as computed, before any price limit. Amounts are rounded to 4 decimals (see the project README).
/// </summary>
public sealed record SessionCosts(string Currency, Price Total, Price Energy, Price Time, Price Parking, Price Fixed, Price Reservation);

/// <summary>The input lacks something pricing needs; the message names it. Never leaves the library.</summary>
internal sealed class UnpriceableException(string reason) : Exception(reason);
