namespace Ocpi.CpoSimulator.DayScript;

/// <summary>
/// Builds a plausible day for a CPO of a given size: sites in German cities with two EVSEs each (22 kW AC, and a
/// 150 kW DC charger at every other site), drivers arriving from 07:00 to 22:00, AC visits that often end with some
/// parking, fast DC stops, one EVSE out of order in the night, and exactly one session whose CDR is over-charged.
/// The same size and seed always give the same day.
/// </summary>
public static class ScenarioGenerator
{
    public const string AcTariff = "AC-STANDARD", DcTariff = "DC-FAST";

    private static readonly (string Name, string Address, string City, string PostalCode, string Lat, string Lon)[] Sites =
    [
        ("Alexanderplatz Garage", "Alexanderstraße 7", "Berlin", "10178", "52.521918", "13.413215"),
        ("Hafencity Ost", "Versmannstraße 24", "Hamburg", "20457", "53.539470", "10.004350"),
        ("Marienplatz Tiefgarage", "Rindermarkt 16", "München", "80331", "48.136610", "11.574730"),
        ("Rheinauhafen", "Agrippinawerft 30", "Köln", "50678", "50.926510", "6.965820"),
        ("Messe Süd", "Ludwig-Erhard-Anlage 1", "Frankfurt am Main", "60327", "50.111470", "8.650170"),
        ("Schlossplatz", "Königstraße 28", "Stuttgart", "70173", "48.778090", "9.179930"),
        ("Medienhafen", "Speditionstraße 15", "Düsseldorf", "40221", "51.213520", "6.752420"),
        ("Hauptbahnhof West", "Willy-Brandt-Platz 5", "Leipzig", "04109", "51.344620", "12.380810"),
    ];

    /// <param name="locations">Sites (1 to 99); beyond the eight cities, sites are numbered.</param>
    /// <param name="sessions">Charging sessions over the day (0 to 500).</param>
    public static DayScenario Generate(int locations, int sessions, int seed = 2300)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(locations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(locations, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(sessions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sessions, 500);
        var random = new Random(seed);
        var tariffs = new List<TariffPlan>
        {
            new(AcTariff, "AC charging: 0.39 EUR/kWh, 3.00 EUR per hour of parking after charging", null, 0.39m, 3.00m, 19m),
            new(DcTariff, "Fast charging: 1.00 EUR start fee, 0.59 EUR/kWh", 1.00m, 0.59m, null, 19m),
        };
        var sites = Enumerable.Range(0, locations).Select(i => Site(i, i % 2 == 1)).ToList();
        var evses = sites.SelectMany(s => s.Evses.Select(e => (Site: s, Evse: e))).ToList();

        var plans = new List<SessionPlan>();
        var perEvse = evses.Select((_, i) => Enumerable.Range(0, sessions).Count(n => n % evses.Count == i)).ToList();
        var nextSlot = new int[evses.Count];
        var overcharged = sessions / 2;
        for (var n = 0; n < sessions; n++)
        {
            var index = n % evses.Count;
            var (site, evse) = evses[index];
            // Each EVSE's sessions share 07:00-22:00 in equal slots; a visit takes at most three quarters of its slot.
            var slot = TimeSpan.FromMinutes(Math.Floor(15 * 60.0 / perEvse[index]));
            var slotStart = TimeSpan.FromHours(7) + slot * nextSlot[index]++;
            var longest = slot.TotalMinutes * 0.75;
            var charging = evse.Dc ? Minutes(random, 15, 40) : Minutes(random, 45, 180);
            charging = TimeSpan.FromMinutes(Math.Max(5, Math.Min(charging.TotalMinutes, Math.Floor(longest * 0.8))));
            var parking = evse.Dc || random.Next(2) == 0 ? TimeSpan.Zero : Minutes(random, 5, 45);
            parking = TimeSpan.FromMinutes(Math.Min(parking.TotalMinutes, Math.Floor(longest - charging.TotalMinutes)));
            // The visit starts anywhere in its slot where it still ends within it.
            var start = slotStart + Minutes(random, 0, slot.TotalMinutes - (charging + parking).TotalMinutes);
            var power = evse.Dc ? random.Next(50, 121) : new[] { 7.4m, 11m, 11m, 22m }[random.Next(4)];
            plans.Add(new SessionPlan(n + 1, site.Id, evse.Uid, n, start, charging, power, parking, n == overcharged));
        }

        var last = sites[^1];
        var outages = new List<OutagePlan> { new(last.Id, last.Evses[^1].Uid, new TimeSpan(2, 10, 0), new TimeSpan(4, 40, 0)) };
        return new DayScenario("Europe/Berlin", "EUR", tariffs, sites, plans.OrderBy(p => p.Start).ThenBy(p => p.Number).ToList(), outages);
    }

    private static LocationPlan Site(int index, bool withDc)
    {
        var id = $"LOC{index + 1:D3}";
        var (name, address, city, postalCode, lat, lon) = index < Sites.Length
            ? Sites[index]
            : ($"Charging Park {index + 1}", $"Industriestraße {index + 1}", "Berlin", "10115", "52.5" + (index * 731 % 100000).ToString("D5"), "13.4" + (index * 397 % 100000).ToString("D5"));
        EvsePlan Evse(int n, bool dc) => new($"{id}-E{n}", $"E{index + 1:D4}{n}", dc, dc ? 150m : 22m, dc ? DcTariff : AcTariff);
        return new LocationPlan(id, name, address, city, postalCode, lat, lon, [Evse(1, false), Evse(2, withDc)]);
    }

    private static TimeSpan Minutes(Random random, double min, double max) =>
        TimeSpan.FromMinutes(Math.Floor(min + random.NextDouble() * Math.Max(0, max - min)));
}
