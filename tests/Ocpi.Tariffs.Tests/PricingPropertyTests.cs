using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Ocpi.Tariffs.Tests;

/// <summary>Properties of pricing over generated tariffs and sessions (FsCheck, fixed number of cases).</summary>
public class PricingPropertyTests
{
    private sealed record Case(decimal Flat, decimal Energy, decimal Time, decimal Parking, int EnergyStep, int TimeStep, string TaxIncluded,
        decimal Vat, (int Minutes, int Wh, bool Parking)[] Periods);

    private static readonly Gen<decimal> Money = Gen.Choose(0, 500).Select(c => c / 100m);

    private static readonly Gen<Case> Cases =
        from flat in Money
        from energy in Money
        from time in Money
        from parking in Money
        from energyStep in Gen.Elements(1, 1, 100, 500)
        from timeStep in Gen.Elements(1, 60, 300, 900)
        from tax in Gen.Elements("YES", "NO", "N/A")
        from vat in Gen.Elements(0m, 9m, 21m, 5.2m)
        from periods in Gen.ArrayOf(
            from minutes in Gen.Choose(1, 240)
            from wh in Gen.Choose(0, 50000)
            from isParking in Gen.Elements(false, false, true)
            select (minutes, wh, isParking)).Where(p => p.Length is > 0 and < 8)
        select new Case(flat, energy, time, parking, energyStep, timeStep, tax, vat, periods);

    private static JsonObject Tariff(Case c) => Priced.SimpleTariff($$"""
        {"type": "FLAT", "price": {{c.Flat}}, "vat": {{c.Vat}}, "step_size": 1},
        {"type": "ENERGY", "price": {{c.Energy}}, "vat": {{c.Vat}}, "step_size": {{c.EnergyStep}} },
        {"type": "TIME", "price": {{c.Time}}, "vat": {{c.Vat}}, "step_size": {{c.TimeStep}} },
        {"type": "PARKING_TIME", "price": {{c.Parking}}, "vat": {{c.Vat}}, "step_size": {{c.TimeStep}} }
        """, c.TaxIncluded);

    private static JsonObject Cdr((int Minutes, int Wh, bool Parking)[] periods)
    {
        var cdr = new CdrBuilder("2024-03-01T08:00:00Z");
        foreach (var (minutes, wh, parking) in periods)
            if (parking) cdr.Parking(minutes);
            else cdr.Charging(minutes, wh / 1000m);
        return cdr.With("total_energy", periods.Where(p => !p.Parking).Sum(p => p.Wh) / 1000m).Build();
    }

    [Fact]
    public void a_price_is_never_negative_and_the_total_is_the_sum_of_its_parts() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var costs = Priced.With(Tariff(c), Cdr(c.Periods));
            var parts = new[] { costs.Energy, costs.Time, costs.Parking, costs.Fixed, costs.Reservation };
            parts.ShouldAllBe(p => p.BeforeTaxes >= 0 && p.AfterTaxes >= p.BeforeTaxes);
            costs.Total.BeforeTaxes.ShouldBe(parts.Sum(p => p.BeforeTaxes), 0.0005m);
            costs.Total.AfterTaxes.ShouldBe(parts.Sum(p => p.AfterTaxes), 0.001m);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void splitting_a_period_in_two_at_the_same_dimensions_changes_nothing_when_step_size_is_1() =>
        Prop.ForAll(Cases.ToArbitrary(), Gen.Choose(0, 6).ToArbitrary(), (c, at) =>
        {
            var unit = c with { EnergyStep = 1, TimeStep = 1 };
            var index = at % unit.Periods.Length;
            var (minutes, wh, parking) = unit.Periods[index];
            if (minutes < 2) return;
            var first = minutes / 2;
            var split = unit.Periods.Take(index)
                .Append((first, wh / 2, parking)).Append((minutes - first, wh - wh / 2, parking))
                .Concat(unit.Periods.Skip(index + 1)).ToArray();
            var whole = Priced.With(Tariff(unit), Cdr(unit.Periods)).Total;
            var halves = Priced.With(Tariff(unit), Cdr(split)).Total;
            // Hours are written with 6 decimals, so the two CDRs may differ by a few milliseconds of written time.
            halves.BeforeTaxes.ShouldBe(whole.BeforeTaxes, 0.001m);
            halves.AfterTaxes.ShouldBe(whole.AfterTaxes, 0.002m);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void a_larger_step_size_never_lowers_the_price() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var fine = Priced.With(Tariff(c with { EnergyStep = 1, TimeStep = 1 }), Cdr(c.Periods)).Total.BeforeTaxes;
            var coarse = Priced.With(Tariff(c), Cdr(c.Periods)).Total.BeforeTaxes;
            coarse.ShouldBeGreaterThanOrEqualTo(fine - 0.0001m);
        }).QuickCheckThrowOnFailure();
}
