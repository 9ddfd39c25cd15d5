using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.Billing.Dashboard;

/// <summary>
/// What the dashboard is shown: CDRs of two CPOs over two UTC months in two currencies, pushed through the OCPI CDRs
/// module, each with the cost check its embedded tariff gives (worked out by hand below), and the billing views built
/// from them by the service.
/// </summary>
public sealed class DashboardSeed
{
    public required CpoSimulator.CpoSimulator CpoA { get; init; }
    public required CpoSimulator.CpoSimulator CpoB { get; init; }
    public string A => $"{CpoA.Options.Party.CountryCode}-{CpoA.Options.Party.PartyId}";
    public string B => $"{CpoB.Options.Party.CountryCode}-{CpoB.Options.Party.PartyId}";

    /// <summary>One pushed CDR: an ENERGY (per kWh) or TIME (per hour) tariff, the volume charged and the stated cost.</summary>
    public sealed record Charge(string Id, char Cpo, string End, string Currency, string Dimension, decimal UnitPrice,
        decimal Vat, decimal Volume, decimal Stated, decimal StatedTax, bool WithTariff = true)
    {
        public decimal Computed => UnitPrice * Volume;
        public decimal Difference => Stated - Computed;
        public string Verdict => !WithTariff ? CostCheckVerdict.Unpriceable
            : Math.Abs(Difference) <= 0.01m ? CostCheckVerdict.Match
            : Difference > 0 ? CostCheckVerdict.Overcharged : CostCheckVerdict.Undercharged;
    }

    public const string UnpriceableReason = "No tariff: the CDR names none and none is held for its connector";

    public static readonly Charge[] Charges =
    [
        // 8 kWh × 0.25 = 2.00 stated 2.00: MATCH.                                 EUR 2026-10, A: 2.00 + 0.42 = 2.42
        new("DASH-A-1", 'A', "2026-10-14T10:00:00Z", "EUR", "ENERGY", 0.25m, 21m, 8m, 2.00m, 0.42m),
        // 10 kWh × 0.25 = 2.50 stated 4.00: OVERCHARGED by +1.50, all of it ENERGY. EUR 2026-11, A: 4.00 + 0.84 = 4.84
        new("DASH-A-2", 'A', "2026-11-03T18:30:00Z", "EUR", "ENERGY", 0.25m, 21m, 10m, 4.00m, 0.84m),
        // No tariff named or held: UNPRICEABLE.                                   EUR 2026-11, A: 3.00 + 0.63 = 3.63
        new("DASH-A-3", 'A', "2026-11-20T07:45:00Z", "EUR", "ENERGY", 0m, 0m, 12m, 3.00m, 0.63m, WithTariff: false),
        // 5 kWh × 0.20 = 1.00 stated 1.00: MATCH.                                 EUR 2026-10, B: 1.00 + 0.21 = 1.21
        new("DASH-B-3", 'B', "2026-10-30T21:00:00Z", "EUR", "ENERGY", 0.20m, 21m, 5m, 1.00m, 0.21m),
        // 1.5 h × 2.00 = 3.00 stated 2.00: UNDERCHARGED by −1.00, all of it TIME.   CAD 2026-11, B: 2.00 + 0.10 = 2.10
        new("DASH-B-1", 'B', "2026-11-05T09:00:00Z", "CAD", "TIME", 2.00m, 5m, 1.5m, 2.00m, 0.10m),
        // 1 h × 2.00 = 2.00 stated 2.00: MATCH.                                     CAD 2026-11, B: 2.00 + 0.10 = 2.10
        new("DASH-B-2", 'B', "2026-11-07T12:00:00Z", "CAD", "TIME", 2.00m, 5m, 1m, 2.00m, 0.10m),
    ];

    public string CpoOf(Charge charge) => charge.Cpo == 'A' ? A : B;

    /// <summary>
    /// Direct billing: CPO A's record of its November invoice lists DASH-A-2 twice and a CDR it never sent, and leaves
    /// out DASH-A-3 (also November). Reverse billing: our record of CPO B's November CDRs, complete by construction.
    /// </summary>
    public const string DirectRecordId = "INV-A-2026-11";
    public const string DirectInvoiceId = "A-2026-11";
    public const string ReverseInvoiceId = "B-2026-11";
    public string ReverseRecordId { get; private set; } = "";

    public static async Task<DashboardSeed> PushAsync(DashboardFixture service)
    {
        var seed = new DashboardSeed { CpoA = await service.RegisteredCpoAsync(), CpoB = await service.RegisteredCpoAsync() };
        foreach (var charge in Charges)
        {
            var cpo = charge.Cpo == 'A' ? seed.CpoA : seed.CpoB;
            var post = await CdrExamples.PostAsync(cpo, Cdr(cpo, charge));
            post.HttpStatus.ShouldBe(HttpStatusCode.Created, post.StatusMessage);
            if (!ServiceChecksCosts) await AppendCostCheckAsync(service, cpo, charge);
        }
        // Every line projected with its verdict (the daemon is asynchronous), so totals and tables are final when read.
        await Eventually.HoldsAsync(async () => await CheckedLinesAsync(service, seed.A) == 3 && await CheckedLinesAsync(service, seed.B) == 3,
            "the billing lines of the seeded CDRs, each with its cost check", TimeSpan.FromMinutes(2));
        await seed.ReconcileAsync(service);
        return seed;
    }

    private async Task ReconcileAsync(DashboardFixture service)
    {
        var party = CpoA.Options.Party;
        var record = new JsonObject
        {
            ["country_code"] = party.CountryCode, ["party_id"] = party.PartyId, ["id"] = DirectRecordId,
            ["invoice_id"] = DirectInvoiceId, ["cdrs"] = new JsonArray("DASH-A-2", "DASH-A-2", "DASH-A-404"),
            ["last_updated"] = "2026-12-01T10:00:00Z",
        };
        var put = await CpoA.CallEmspAsync(HttpMethod.Put,
            $"{CpoA.EmspEndpoint("invoicereconciliation")}/{party.CountryCode}/{party.PartyId}/{DirectRecordId}",
            CpoA.TokenForEmsp, rawBody: record.ToJsonString());
        put.StatusCode.ShouldBe(1000, put.StatusMessage);

        var issued = await service.Api.PostAsJsonAsync("/api/billing/reconciliation", new
        {
            cpo = new { country_code = CpoB.Options.Party.CountryCode, party_id = CpoB.Options.Party.PartyId },
            month = "2026-11",
            invoice_id = ReverseInvoiceId,
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        ReverseRecordId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>How many billing lines of the CPO carry a verdict.</summary>
    private static async Task<int> CheckedLinesAsync(DashboardFixture service, string cpo)
    {
        var answer = await service.Api.GetAsync($"/api/billing/lines?cpo={cpo}&limit=500");
        if (!answer.IsSuccessStatusCode) return 0;
        var lines = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
        return lines.Count(l => l.GetProperty("verdict").ValueKind == JsonValueKind.String);
    }

    /// <summary>
    /// Whether the service prices CDRs on arrival itself (its cost check subscribes to CdrReceived). Where it does, the
    /// dashboard shows its verdicts; where it does not, the seed appends the check each CDR's own tariff gives (the
    /// same figures), so the dashboard is tested on the billing lines either way.
    /// </summary>
    private static readonly bool ServiceChecksCosts =
        typeof(CdrCostChecked).Assembly.GetType("Ocpi.Emsp.Billing.CostChecks.CostCheckSubscription") is not null;

    /// <summary>The CDR's cost check as the tariff engine makes it for this charge: stated vs computed, before taxes.</summary>
    private static async Task AppendCostCheckAsync(DashboardFixture service, CpoSimulator.CpoSimulator cpo, Charge charge)
    {
        var stated = new Price(charge.Stated, [new TaxAmount("VAT", charge.StatedTax, charge.Vat, null)]);
        var dimension = charge.Dimension == "ENERGY" ? "ENERGY" : "TIME";
        var check = charge.WithTariff
            ? new CostCheck(charge.Verdict, stated, new Price(charge.Computed, []), charge.Difference,
                [new DimensionCheck(dimension, new Price(charge.Stated, []), new Price(charge.Computed, []), charge.Difference)],
                null, [new TariffUsed($"T-{charge.Id}", null, null, "EMBEDDED")], 0.01m)
            : new CostCheck(charge.Verdict, stated, null, null, [], UnpriceableReason, [], 0.01m);
        await using var session = service.Store.LightweightSession();
        session.Events.Append(CdrExamples.Key(cpo, charge.Id), new CdrCostChecked(charge.Id, check));
        await session.SaveChangesAsync();
    }

    /// <summary>The corrected official CDR example with this charge's period, currency, tariff and costs.</summary>
    private static JsonObject Cdr(CpoSimulator.CpoSimulator cpo, Charge charge)
    {
        var end = DateTimeOffset.Parse(charge.End);
        var hours = charge.Dimension == "TIME" ? charge.Volume : 1m;
        var start = end.AddHours(-(double)hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var cdr = CdrExamples.Cdr(cpo, charge.Id);
        cdr.Remove("total_time_cost");
        cdr["start_date_time"] = start;
        cdr["end_date_time"] = charge.End;
        cdr["currency"] = charge.Currency;
        cdr["total_energy"] = charge.Dimension == "ENERGY" ? charge.Volume : 7m;
        cdr["total_time"] = hours;
        cdr["charging_periods"] = new JsonArray(new JsonObject
        {
            ["start_date_time"] = start,
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = charge.Dimension, ["volume"] = charge.Volume }),
            ["tariff_id"] = $"T-{charge.Id}",
        });
        if (charge.WithTariff)
        {
            cdr["tariffs"] = new JsonArray(new JsonObject
            {
                ["country_code"] = cpo.Options.Party.CountryCode,
                ["party_id"] = cpo.Options.Party.PartyId,
                ["id"] = $"T-{charge.Id}",
                ["currency"] = charge.Currency,
                ["tax_included"] = "NO",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["price_components"] = new JsonArray(new JsonObject
                    {
                        ["type"] = charge.Dimension, ["price"] = charge.UnitPrice, ["vat"] = charge.Vat, ["step_size"] = 1,
                    }),
                }),
                ["last_updated"] = "2026-01-01T00:00:00Z",
            });
        }
        else
        {
            cdr.Remove("tariffs");
            cdr["charging_periods"]![0]!.AsObject().Remove("tariff_id");
        }
        var cost = new JsonObject
        {
            ["before_taxes"] = charge.Stated,
            ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = charge.StatedTax, ["percentage"] = charge.Vat }),
        };
        cdr["total_cost"] = cost;
        var part = charge.Dimension == "ENERGY" ? "total_energy_cost" : "total_time_cost";
        cdr[part] = cost.DeepClone();
        cdr["last_updated"] = charge.End;
        return cdr;
    }
}
