using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using static Ocpi.Emsp.Tests.Billing.CostChecks.CostCheckPushes;

namespace Ocpi.Emsp.Tests.Billing.CostChecks;

/// <summary>A service configured with a tolerance of 5 cents (Emsp:Billing:CostCheckTolerance).</summary>
public sealed class LooseToleranceFixture : EmspFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting(CostCheckOptions.ToleranceKey, "0.05");
}

public sealed class CostCheckToleranceTests(LooseToleranceFixture emsp) : IClassFixture<LooseToleranceFixture>
{
    [Theory]
    [InlineData("C-PLUS3", 2.53, "MATCH", 0.03)]      // 3 cents over: within 5 (the default of 1 cent says OVERCHARGED)
    [InlineData("C-MINUS4", 2.46, "MATCH", -0.04)]
    [InlineData("C-PLUS6", 2.56, "OVERCHARGED", 0.06)]
    [InlineData("C-MINUS6", 2.44, "UNDERCHARGED", -0.06)]
    public async Task the_configured_tolerance_decides_what_is_still_a_match(string id, decimal stated, string verdict, decimal difference)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = Tariff(cpo, "T-TOL", 0.25m);
        var held = await PutTariffAsync(emsp, cpo, tariff);
        // 10 kWh at 0.25: 2.50 computed.
        await PostAsync(cpo, Cdr(cpo, id, held.AddMilliseconds(2), kwh: 10m, energyCost: stated, vat: 0.25m, named: tariff));

        var check = (await CostChecked.AtLeastAsync(emsp, CdrExamples.Key(cpo, id))).Single().Data.Check;

        check.Verdict.ShouldBe(verdict, check.Reason);
        check.Difference.ShouldBe(difference);
        check.Tolerance.ShouldBe(0.05m);
    }
}
