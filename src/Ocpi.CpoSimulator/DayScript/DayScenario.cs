namespace Ocpi.CpoSimulator.DayScript;

/// <summary>
/// One charging day of a small CPO, as data: its tariffs, its sites with their EVSEs, the sessions drivers start there
/// and the moments an EVSE is out of order. Times are offsets from the local midnight that starts the day; the
/// scenario knows no clock, no HTTP and no console, so a test can build, inspect and play it.
/// </summary>
public sealed record DayScenario(
    string TimeZone,
    string Currency,
    IReadOnlyList<TariffPlan> Tariffs,
    IReadOnlyList<LocationPlan> Locations,
    IReadOnlyList<SessionPlan> Sessions,
    IReadOnlyList<OutagePlan> Outages)
{
    public LocationPlan Location(string id) => Locations.Single(l => l.Id == id);

    public TariffPlan Tariff(string id) => Tariffs.Single(t => t.Id == id);
}

/// <summary>A tariff without restrictions: an optional start fee, a price per kWh, and an optional price per hour of parking after charging.</summary>
public sealed record TariffPlan(string Id, string Description, decimal? StartFee, decimal EnergyPerKwh, decimal? ParkingPerHour, decimal VatPercent);

public sealed record LocationPlan(string Id, string Name, string Address, string City, string PostalCode, string Latitude, string Longitude,
    IReadOnlyList<EvsePlan> Evses);

/// <summary>An EVSE with one connector; <see cref="EvseId"/> is the part after "country*party*"; <see cref="MaxPowerKw"/> is what it delivers at best.</summary>
public sealed record EvsePlan(string Uid, string EvseId, bool Dc, decimal MaxPowerKw, string TariffId)
{
    public string ConnectorId => "1";
}

/// <summary>
/// A driver's visit: authorized just before <see cref="Start"/>, charging at <see cref="PowerKw"/> for
/// <see cref="Charging"/>, then parked for <see cref="Parking"/> before leaving. <see cref="Overcharged"/>: its CDR
/// states more than its tariff gives.
/// </summary>
public sealed record SessionPlan(int Number, string LocationId, string EvseUid, int TokenIndex, TimeSpan Start, TimeSpan Charging,
    decimal PowerKw, TimeSpan Parking, bool Overcharged)
{
    public TimeSpan End => Start + Charging + Parking;
}

/// <summary>An EVSE out of order from <see cref="From"/> to <see cref="Until"/>.</summary>
public sealed record OutagePlan(string LocationId, string EvseUid, TimeSpan From, TimeSpan Until);
