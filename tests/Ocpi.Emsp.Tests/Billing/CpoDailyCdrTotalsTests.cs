using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Ocpi.Emsp.Billing;
using Ocpi.Emsp.Tests.Cdrs;

namespace Ocpi.Emsp.Tests.Billing;

/// <summary>
/// The asynchronous per-CPO, per-UTC-day CDR totals. The daemon is awaited by polling the documents (bounded) and then
/// Marten's <c>WaitForNonStaleProjectionDataAsync</c>, so that nothing is still pending when the totals are asserted.
/// </summary>
public sealed class CpoDailyCdrTotalsTests(BillingFixture emsp) : IClassFixture<BillingFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private sealed record Tax(string Name, decimal Amount);

    private sealed record Pushed(string Id, string Start, string End, string Currency, decimal Energy, decimal Time,
        decimal? Parking, decimal BeforeTaxes, params Tax[] Taxes);

    // Two UTC days by end_date_time (CDR 4 starts on the 10th but ends on the 11th), two currencies.
    private static readonly Pushed[] Pushes =
    [
        new("B-1", "2025-03-10T08:00:00Z", "2025-03-10T09:15:00Z", "EUR", 10.5m, 1.25m, 0.25m, 5.25m, new Tax("VAT", 1.05m)),
        new("B-2", "2025-03-10T23:00:00Z", "2025-03-10T23:59:59Z", "EUR", 7.125m, 0.999m, null, 2.10m, new Tax("VAT", 0.21m), new Tax("Levy", 0.05m)),
        new("B-3", "2025-03-10T13:30:00Z", "2025-03-10T15:30:00Z", "CAD", 20m, 2m, 0.5m, 8.00m, new Tax("GST", 0.40m), new Tax("PST", 0.56m)),
        new("B-4", "2025-03-10T22:00:00Z", "2025-03-11T00:00:00Z", "EUR", 3.3m, 2m, 1.5m, 1.10m),
        new("B-5", "2025-03-11T17:00:00Z", "2025-03-11T17:45:00Z", "CAD", 4.4m, 0.75m, 0m, 2.50m, new Tax("HST", 0.33m)),
    ];

    [Fact]
    public async Task cdrs_are_totalled_per_cpo_and_utc_day_of_their_end_with_costs_per_currency()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        foreach (var push in Pushes)
        {
            var post = await CdrExamples.PostAsync(cpo, Build(cpo, push));
            post.HttpStatus.ShouldBe(HttpStatusCode.Created, post.StatusMessage);
        }

        var day1 = IdFor(cpo, new DateOnly(2025, 3, 10));
        var day2 = IdFor(cpo, new DateOnly(2025, 3, 11));
        var totals = await ProjectedAsync(cpo, t => t.Count == 2 && t.Sum(x => x.CdrCount) == Pushes.Length);

        totals.Select(t => t.Id).Order().ShouldBe([day1, day2]);
        var first = totals.Single(t => t.Id == day1);
        first.CountryCode.ShouldBe(cpo.Options.Party.CountryCode);
        first.PartyId.ShouldBe(cpo.Options.Party.PartyId);
        first.Day.ShouldBe(new DateOnly(2025, 3, 10));
        first.CdrCount.ShouldBe(3);                     // B-1, B-2, B-3
        first.TotalEnergyKwh.ShouldBe(37.625m);         // 10.5 + 7.125 + 20
        first.TotalTimeHours.ShouldBe(4.249m);          // 1.25 + 0.999 + 2
        first.TotalParkingTimeHours.ShouldBe(0.75m);    // 0.25 + (absent) + 0.5
        first.Costs.Keys.Order().ShouldBe(["CAD", "EUR"]);
        first.Costs["EUR"].BeforeTaxes.ShouldBe(7.35m); // 5.25 + 2.10
        first.Costs["EUR"].Taxes.ShouldBe(1.31m);       // 1.05 + 0.21 + 0.05
        first.Costs["EUR"].AfterTaxes.ShouldBe(8.66m);
        first.Costs["CAD"].BeforeTaxes.ShouldBe(8.00m);
        first.Costs["CAD"].Taxes.ShouldBe(0.96m);       // 0.40 + 0.56

        var second = totals.Single(t => t.Id == day2);
        second.Day.ShouldBe(new DateOnly(2025, 3, 11));
        second.CdrCount.ShouldBe(2);                    // B-4 (ends at 00:00:00Z on the 11th), B-5
        second.TotalEnergyKwh.ShouldBe(7.7m);           // 3.3 + 4.4
        second.TotalTimeHours.ShouldBe(2.75m);          // 2 + 0.75
        second.TotalParkingTimeHours.ShouldBe(1.5m);
        second.Costs["EUR"].BeforeTaxes.ShouldBe(1.10m);
        second.Costs["EUR"].Taxes.ShouldBe(0m);
        second.Costs["CAD"].BeforeTaxes.ShouldBe(2.50m);
        second.Costs["CAD"].Taxes.ShouldBe(0.33m);

        // The same sums, derived from the pushes themselves.
        foreach (var day in totals)
        {
            var pushed = Pushes.Where(p => DateOnly.FromDateTime(DateTimeOffset.Parse(p.End).UtcDateTime) == day.Day).ToList();
            day.CdrCount.ShouldBe(pushed.Count);
            day.TotalEnergyKwh.ShouldBe(pushed.Sum(p => p.Energy));
            day.TotalTimeHours.ShouldBe(pushed.Sum(p => p.Time));
            foreach (var currency in pushed.GroupBy(p => p.Currency))
            {
                day.Costs[currency.Key].BeforeTaxes.ShouldBe(currency.Sum(p => p.BeforeTaxes));
                day.Costs[currency.Key].Taxes.ShouldBe(currency.Sum(p => p.Taxes.Sum(t => t.Amount)));
            }
        }
    }

    [Fact]
    public async Task a_redelivered_or_refused_cdr_is_not_counted_twice()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var cdr = Build(cpo, Pushes[0]);
        (await CdrExamples.PostAsync(cpo, cdr)).HttpStatus.ShouldBe(HttpStatusCode.Created);
        var redelivery = await CdrExamples.PostAsync(cpo, cdr);
        redelivery.HttpStatus.ShouldBe(HttpStatusCode.OK);
        redelivery.StatusCode.ShouldBe(1000);
        var changed = cdr.DeepClone().AsObject();
        changed["total_energy"] = 99;
        (await CdrExamples.PostAsync(cpo, changed)).StatusCode.ShouldBe(2000);
        (await CdrExamples.EventTypesAsync(emsp, cpo, "B-1")).ShouldBe(["CdrReceived", "CdrRedelivered"]);

        var totals = await ProjectedAsync(cpo, t => t.Count == 1);

        var day = totals.Single();
        day.Id.ShouldBe(IdFor(cpo, new DateOnly(2025, 3, 10)));
        day.CdrCount.ShouldBe(1);
        day.TotalEnergyKwh.ShouldBe(10.5m);
        day.TotalTimeHours.ShouldBe(1.25m);
        day.Costs.Keys.ShouldBe(["EUR"]);
        day.Costs["EUR"].BeforeTaxes.ShouldBe(5.25m);
        day.Costs["EUR"].Taxes.ShouldBe(1.05m);
    }

    [Fact]
    public async Task a_credit_cdr_reverses_the_original_in_the_day_totals()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var original = Build(cpo, Pushes[0]);
        (await CdrExamples.PostAsync(cpo, original)).HttpStatus.ShouldBe(HttpStatusCode.Created);
        // The spec's credit CDR: all data of the original, a new id, credit=true, and only total_cost negated.
        var credit = original.DeepClone().AsObject();
        credit["id"] = "B-1-C";
        credit["credit"] = true;
        credit["credit_reference_id"] = "B-1";
        credit["total_cost"] = new JsonObject
        {
            ["before_taxes"] = -5.25m,
            ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = -1.05m }),
        };
        (await CdrExamples.PostAsync(cpo, credit)).HttpStatus.ShouldBe(HttpStatusCode.Created);

        var day = (await ProjectedAsync(cpo, t => t.Count == 1 && t[0].CreditCdrCount == 1)).Single();

        day.CdrCount.ShouldBe(1);
        day.CreditCdrCount.ShouldBe(1);
        day.TotalEnergyKwh.ShouldBe(0m);
        day.TotalTimeHours.ShouldBe(0m);
        day.TotalParkingTimeHours.ShouldBe(0m);
        day.Costs["EUR"].BeforeTaxes.ShouldBe(0m);
        day.Costs["EUR"].Taxes.ShouldBe(0m);
    }

    [Fact]
    public async Task an_end_time_with_an_offset_counts_on_its_utc_day()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        // 23:30 at UTC-2 on the 10th is 01:30 UTC on the 11th (offsets are tolerated on input and converted to UTC).
        var late = new Pushed("B-TZ", "2025-03-10T22:00:00-02:00", "2025-03-10T23:30:00-02:00", "EUR", 1.5m, 1.5m, null, 0.75m);
        (await CdrExamples.PostAsync(cpo, Build(cpo, late))).HttpStatus.ShouldBe(HttpStatusCode.Created);

        var day = (await ProjectedAsync(cpo, t => t.Count == 1)).Single();

        day.Day.ShouldBe(new DateOnly(2025, 3, 11));
        day.Id.ShouldBe(IdFor(cpo, new DateOnly(2025, 3, 11)));
        day.CdrCount.ShouldBe(1);
    }

    [Fact]
    public async Task each_cpo_party_has_its_own_totals()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        (await CdrExamples.PostAsync(cpo, Build(cpo, Pushes[0]))).HttpStatus.ShouldBe(HttpStatusCode.Created);
        (await CdrExamples.PostAsync(other, Build(other, Pushes[1]))).HttpStatus.ShouldBe(HttpStatusCode.Created);

        var mine = (await ProjectedAsync(cpo, t => t.Count == 1)).Single();
        var theirs = (await ProjectedAsync(other, t => t.Count == 1)).Single();

        mine.Id.ShouldNotBe(theirs.Id);
        mine.Day.ShouldBe(theirs.Day);
        mine.TotalEnergyKwh.ShouldBe(10.5m);
        theirs.TotalEnergyKwh.ShouldBe(7.125m);
    }

    /// <summary>
    /// Polls this CPO's totals until <paramref name="expected"/> holds (bounded), then waits until the daemon has no
    /// event left to project and reads them again: what is asserted is final, not a snapshot of a projection in progress.
    /// </summary>
    private async Task<IReadOnlyList<CpoDailyCdrTotals>> ProjectedAsync(CpoSimulator.CpoSimulator cpo, Func<IReadOnlyList<CpoDailyCdrTotals>, bool> expected)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<CpoDailyCdrTotals> totals;
        while (!expected(totals = await LoadAsync(cpo)))
        {
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"The async CpoDailyCdrTotals projection did not reach the expected state in {Patience}; it holds {totals.Count} document(s)");
            await Task.Delay(PollInterval);
        }
        await emsp.Store.WaitForNonStaleProjectionDataAsync(Patience);
        return await LoadAsync(cpo);
    }

    private async Task<IReadOnlyList<CpoDailyCdrTotals>> LoadAsync(CpoSimulator.CpoSimulator cpo)
    {
        await using var query = emsp.Store.QuerySession();
        return await query.Query<CpoDailyCdrTotals>()
            .Where(t => t.CountryCode == cpo.Options.Party.CountryCode && t.PartyId == cpo.Options.Party.PartyId)
            .ToListAsync();
    }

    private static string IdFor(CpoSimulator.CpoSimulator cpo, DateOnly day) =>
        CpoDailyCdrTotals.IdFor(cpo.Options.Party.CountryCode, cpo.Options.Party.PartyId, day);

    /// <summary>The corrected official CDR example with this push's dates, currency and totals.</summary>
    private static JsonObject Build(CpoSimulator.CpoSimulator cpo, Pushed push)
    {
        var cdr = CdrExamples.Cdr(cpo, push.Id);
        cdr.Remove("tariffs");          // its Tariff is in EUR and priced TIME; not relevant to these totals
        cdr.Remove("total_time_cost");
        cdr["start_date_time"] = push.Start;
        cdr["end_date_time"] = push.End;
        cdr["charging_periods"] = new JsonArray(new JsonObject
        {
            ["start_date_time"] = push.Start,
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = push.Energy }),
        });
        cdr["currency"] = push.Currency;
        cdr["total_energy"] = push.Energy;
        cdr["total_time"] = push.Time;
        if (push.Parking is { } parking) cdr["total_parking_time"] = parking;
        var cost = new JsonObject { ["before_taxes"] = push.BeforeTaxes };
        if (push.Taxes.Length > 0)
            cost["taxes"] = new JsonArray(push.Taxes.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["amount"] = t.Amount }).ToArray());
        cdr["total_cost"] = cost;
        cdr["last_updated"] = push.End;
        return cdr;
    }
}
