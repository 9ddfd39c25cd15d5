using System.Text.Json;
using static Ocpi.Emsp.Tests.Billing.BillingLinesTesting;

namespace Ocpi.Emsp.Tests.Billing;

/// <summary>A host of its own: totals are over every billing line, so no other test may add lines to them.</summary>
public sealed class BillingTotalsFixture : BillingZoneFixture;

/// <summary>
/// GET /api/billing/totals over CDRs of two CPOs, two months, three contracts and two currencies, with a credit CDR
/// that comes a month after the CDR it credits: it nets out in the credited CDR's month, in every grouping.
/// </summary>
public sealed class BillingTotalsTests(BillingTotalsFixture emsp) : IClassFixture<BillingTotalsFixture>
{
    private sealed record Expected(string Key, string Month, string Currency, long Cdrs, long Credits, decimal Energy, decimal Time,
        decimal Parking, decimal BeforeTaxes, decimal Taxes);

    [Fact]
    public async Task totals_per_cpo_contract_and_location_net_out_credit_cdrs_and_split_currencies_in_utc_and_billing_months()
    {
        var (a, _) = await emsp.RegisteredCpoAsync();
        var (b, _) = await emsp.RegisteredCpoAsync();
        await PushAsync(a,
            new Charge("A-1", "2025-01-15T10:00:00Z", "EUR", "C1", "L1", 10m, 1m, 0.5m, 5.00m, [new Tax("VAT", 1.05m)]),
            // 23:30 UTC on 31 January is 00:30 on 1 February in Amsterdam (UTC+1): January in UTC, February to billing.
            new Charge("A-2", "2025-01-31T23:30:00Z", "EUR", "C2", "L1", 20m, 2m, 0m, 8.00m, [new Tax("VAT", 1.68m)]),
            new Charge("A-3", "2025-02-10T12:00:00Z", "EUR", "C1", "L2", 5m, 0.5m, null, 2.50m, [new Tax("VAT", 0.53m)]),
            // The credit of A-1, sent in February: the original's figures, total_cost negated.
            new Charge("A-1-C", "2025-02-03T09:00:00Z", "EUR", "C1", "L1", 10m, 1m, 0.5m, -5.00m, [new Tax("VAT", -1.05m)], Credits: "a-1"));
        await PushAsync(b,
            new Charge("B-1", "2025-01-20T08:00:00Z", "CAD", "C1", "L9", 30m, 3m, 1m, 12.00m, [new Tax("GST", 0.60m)]),
            new Charge("B-2", "2025-01-21T08:00:00Z", "EUR", "C3", "L9", 4m, 0.25m, null, 1.20m));
        await WaitForLinesAsync(emsp, a, 4);
        await WaitForLinesAsync(emsp, b, 2);
        string A = Cpo(a), B = Cpo(b);

        var utc = await TotalsAsync("group_by=cpo");
        utc.GetProperty("group_by").GetString().ShouldBe("cpo");
        utc.GetProperty("time_zone").GetString().ShouldBe("UTC");
        ShouldBe(utc, Ordered(
            // A-1 + A-2 - A-1-C (its original is A-1 of January): 10 + 20 - 10 kWh, 5.00 + 8.00 - 5.00 before taxes.
            new Expected(A, "2025-01", "EUR", 2, 1, 20m, 2m, 0m, 8.00m, 1.68m),
            new Expected(B, "2025-01", "CAD", 1, 0, 30m, 3m, 1m, 12.00m, 0.60m),
            new Expected(B, "2025-01", "EUR", 1, 0, 4m, 0.25m, 0m, 1.20m, 0m),
            new Expected(A, "2025-02", "EUR", 1, 0, 5m, 0.5m, 0m, 2.50m, 0.53m)));

        var billing = await TotalsAsync("group_by=cpo&time_zone=billing");
        billing.GetProperty("time_zone").GetString().ShouldBe(BillingZoneFixture.Zone);
        ShouldBe(billing, Ordered(
            // A-1 and its credit net to zero in January; A-2 moved to February.
            new Expected(A, "2025-01", "EUR", 1, 1, 0m, 0m, 0m, 0m, 0m),
            new Expected(B, "2025-01", "CAD", 1, 0, 30m, 3m, 1m, 12.00m, 0.60m),
            new Expected(B, "2025-01", "EUR", 1, 0, 4m, 0.25m, 0m, 1.20m, 0m),
            // A-2 + A-3: 20 + 5 kWh, 8.00 + 2.50 before taxes, 1.68 + 0.53 taxes.
            new Expected(A, "2025-02", "EUR", 2, 0, 25m, 2.5m, 0m, 10.50m, 2.21m)));

        var contracts = await TotalsAsync("group_by=contract&month=2025-01");
        contracts.GetProperty("group_by").GetString().ShouldBe("contract");
        ShouldBe(contracts, Ordered(
            new Expected("C1", "2025-01", "CAD", 1, 0, 30m, 3m, 1m, 12.00m, 0.60m),  // B-1
            new Expected("C1", "2025-01", "EUR", 1, 1, 0m, 0m, 0m, 0m, 0m),          // A-1 and its credit
            new Expected("C2", "2025-01", "EUR", 1, 0, 20m, 2m, 0m, 8.00m, 1.68m),   // A-2
            new Expected("C3", "2025-01", "EUR", 1, 0, 4m, 0.25m, 0m, 1.20m, 0m)));  // B-2

        var locations = await TotalsAsync("group_by=location&month=2025-02");
        ShouldBe(locations, [new Expected($"{A}/L2", "2025-02", "EUR", 1, 0, 5m, 0.5m, 0m, 2.50m, 0.53m)]);
        var locationsInBilling = await TotalsAsync("group_by=location&month=2025-02&time_zone=billing");
        ShouldBe(locationsInBilling, Ordered(
            new Expected($"{A}/L1", "2025-02", "EUR", 1, 0, 20m, 2m, 0m, 8.00m, 1.68m),
            new Expected($"{A}/L2", "2025-02", "EUR", 1, 0, 5m, 0.5m, 0m, 2.50m, 0.53m)));

        ShouldBe(await TotalsAsync("group_by=cpo&currency=cad"), [new Expected(B, "2025-01", "CAD", 1, 0, 30m, 3m, 1m, 12.00m, 0.60m)]);
        (await TotalsAsync("group_by=cpo&month=2025-03")).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    private Task<JsonElement> TotalsAsync(string query) => GetAsync(emsp, "/api/billing/totals?" + query);

    /// <summary>The order the API promises: month, key, currency (keys here differ only in ASCII letters and digits).</summary>
    private static Expected[] Ordered(params Expected[] items) =>
        [.. items.OrderBy(i => i.Month, StringComparer.Ordinal).ThenBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Currency, StringComparer.Ordinal)];

    private static void ShouldBe(JsonElement totals, Expected[] expected)
    {
        var items = totals.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => $"{i.GetProperty("month")} {i.GetProperty("key")} {i.GetProperty("currency")}")
            .ShouldBe(expected.Select(e => $"{e.Month} {e.Key} {e.Currency}"));
        foreach (var (item, e) in items.Zip(expected))
        {
            var what = $"{e.Month} {e.Key} {e.Currency}";
            item.GetProperty("cdr_count").GetInt64().ShouldBe(e.Cdrs, what);
            item.GetProperty("credit_cdr_count").GetInt64().ShouldBe(e.Credits, what);
            item.GetProperty("total_energy").GetDecimal().ShouldBe(e.Energy, what);
            item.GetProperty("total_time").GetDecimal().ShouldBe(e.Time, what);
            item.GetProperty("total_parking_time").GetDecimal().ShouldBe(e.Parking, what);
            item.GetProperty("before_taxes").GetDecimal().ShouldBe(e.BeforeTaxes, what);
            item.GetProperty("taxes").GetDecimal().ShouldBe(e.Taxes, what);
            item.GetProperty("after_taxes").GetDecimal().ShouldBe(e.BeforeTaxes + e.Taxes, what);
        }
    }
}
