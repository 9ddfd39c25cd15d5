using System.Net;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tariffs;
using static Ocpi.Emsp.Tests.Billing.CostChecks.CostCheckPushes;

namespace Ocpi.Emsp.Tests.Billing.CostChecks;

public sealed class CostChecksFixture : EmspFixture;

/// <summary>
/// Every CDR received is priced with its tariff by the daemon and the outcome appended to its stream. Prices: 10 kWh at
/// 0.25 per kWh is 2.50 before taxes, VAT 10 % is 0.25 (tariff_8_simple_025kwh.json, tax_included NO).
/// </summary>
public sealed class CostCheckOnArrivalTests(CostChecksFixture emsp) : IClassFixture<CostChecksFixture>
{
    [Fact]
    public async Task a_cdr_that_states_what_its_tariff_computes_is_a_match_caused_by_its_receipt()
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var tariff = Tariff(cpo, "T-MATCH", 0.25m);
        var held = await PutTariffAsync(emsp, cpo, tariff);
        var cdr = Cdr(cpo, "C-MATCH", held.AddMilliseconds(2), kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: tariff);

        await PostAsync(cpo, cdr);

        var checks = await CostChecked.AtLeastAsync(emsp, CdrExamples.Key(cpo, "C-MATCH"));
        var check = checks.Single().Data.Check;
        check.Verdict.ShouldBe(CostCheckVerdict.Match, check.Reason);
        check.Difference.ShouldBe(0m);
        check.Computed!.BeforeTaxes.ShouldBe(2.50m);
        check.Stated!.BeforeTaxes.ShouldBe(2.50m);
        check.Tolerance.ShouldBe(0.01m);
        check.Tariffs.ShouldBe([new TariffUsed("T-MATCH", TariffExamples.Key(cpo, "T-MATCH"), 1, "HELD")]);

        // Metadata: caused by the CdrReceived, in its correlation, from the cost check, for the CDR's partner.
        await using var session = emsp.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(CdrExamples.Key(cpo, "C-MATCH"));
        var received = events.Single(e => e.Data is CdrReceived);
        var checkedEvent = events.Single(e => e.Data is CdrCostChecked);
        checkedEvent.CausationId.ShouldBe(received.Id.ToString());
        checkedEvent.CorrelationId.ShouldBe(received.CorrelationId);
        checkedEvent.Headers![EventMetadata.SourceHeader].ToString().ShouldBe("cost-check");
        checkedEvent.Headers![EventMetadata.PartnerHeader].ToString().ShouldBe(partnerId);
        var view = await session.LoadAsync<CdrView>(CdrExamples.Key(cpo, "C-MATCH"));
        view!.Version.ShouldBe(checkedEvent.Version);
        view.CostCheck!.Verdict.ShouldBe(CostCheckVerdict.Match);
    }

    [Fact]
    public async Task a_cdr_overcharged_on_energy_is_overcharged_with_the_difference_on_the_energy_dimension()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = Tariff(cpo, "T-OVER", 0.25m);
        var held = await PutTariffAsync(emsp, cpo, tariff);
        // 10 kWh stated at 3.00 (0.30 per kWh) where the tariff says 2.50.
        await PostAsync(cpo, Cdr(cpo, "C-OVER", held.AddMilliseconds(2), kwh: 10m, energyCost: 3.00m, vat: 0.30m, named: tariff));

        var check = (await CostChecked.AtLeastAsync(emsp, CdrExamples.Key(cpo, "C-OVER"))).Single().Data.Check;

        check.Verdict.ShouldBe(CostCheckVerdict.Overcharged, check.Reason);
        check.Difference.ShouldBe(0.50m);
        var energy = check.Dimensions.Single(d => d.Type == "ENERGY");
        energy.Stated!.BeforeTaxes.ShouldBe(3.00m);
        energy.Computed!.BeforeTaxes.ShouldBe(2.50m);
        energy.Difference.ShouldBe(0.50m);
        check.Dimensions.Where(d => d.Type != "ENERGY").ShouldAllBe(d => d.Difference == null || d.Difference == 0m);
    }

    [Fact]
    public async Task a_difference_beyond_the_default_tolerance_of_one_cent_is_not_a_match()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = Tariff(cpo, "T-CENTS", 0.25m);
        var held = await PutTariffAsync(emsp, cpo, tariff);
        await PostAsync(cpo, Cdr(cpo, "C-CENTS", held.AddMilliseconds(2), kwh: 10m, energyCost: 2.53m, vat: 0.25m, named: tariff));

        var check = (await CostChecked.AtLeastAsync(emsp, CdrExamples.Key(cpo, "C-CENTS"))).Single().Data.Check;

        check.Verdict.ShouldBe(CostCheckVerdict.Overcharged, check.Reason);
        check.Difference.ShouldBe(0.03m);
        check.Tolerance.ShouldBe(0.01m);
    }

    [Fact]
    public async Task a_cdr_is_priced_with_the_tariff_version_in_force_at_its_start_although_the_tariff_changed_since()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var first = Tariff(cpo, "T-CHANGED", 0.25m);
        var firstHeld = await PutTariffAsync(emsp, cpo, first);
        var start = firstHeld.AddMilliseconds(2);
        var second = Tariff(cpo, "T-CHANGED", 0.40m);
        var secondHeld = await PutTariffAsync(emsp, cpo, second);
        secondHeld.ShouldBeGreaterThan(start, "the price change must come after the session's start");

        // The CDR states (and embeds) the price of its start: 10 kWh at 0.25, where today's version says 4.00.
        await PostAsync(cpo, Cdr(cpo, "C-CHANGED", start, kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: first));

        var check = (await CostChecked.AtLeastAsync(emsp, CdrExamples.Key(cpo, "C-CHANGED"))).Single().Data.Check;
        check.Verdict.ShouldBe(CostCheckVerdict.Match, check.Reason);
        check.Computed!.BeforeTaxes.ShouldBe(2.50m);
        check.Tariffs.Single().ShouldBe(new TariffUsed("T-CHANGED", TariffExamples.Key(cpo, "T-CHANGED"), 1, "HELD"));
    }

    [Fact]
    public async Task a_cdr_without_any_held_tariff_is_unpriceable_then_checked_again_when_the_tariff_arrives()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await LocationAsync(cpo, "L-LATE", "T-LATE");
        var cdr = AtConnector(Cdr(cpo, "C-LATE", DateTimeOffset.UtcNow.AddHours(-2), kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: null), "L-LATE");
        await PostAsync(cpo, cdr);
        var key = CdrExamples.Key(cpo, "C-LATE");

        var first = (await CostChecked.AtLeastAsync(emsp, key)).Single().Data.Check;
        first.Verdict.ShouldBe(CostCheckVerdict.Unpriceable);
        first.Reason.ShouldNotBeNull().ShouldContain("T-LATE");
        first.Reason.ShouldContain("not held");
        first.Computed.ShouldBeNull();
        first.Stated!.BeforeTaxes.ShouldBe(2.50m);

        await PutTariffAsync(emsp, cpo, Tariff(cpo, "T-LATE", 0.25m));

        var checks = await CostChecked.AtLeastAsync(emsp, key, 2);
        var again = checks[1].Data.Check;
        again.Verdict.ShouldBe(CostCheckVerdict.Match, again.Reason);
        again.Tariffs.ShouldBe([new TariffUsed("T-LATE", TariffExamples.Key(cpo, "T-LATE"), 1, "LOCATION")]);
        await using var session = emsp.Store.QuerySession();
        var tariffPut = (await session.Events.FetchStreamAsync(TariffExamples.Key(cpo, "T-LATE"))).Single();
        checks[1].CausationId.ShouldBe(tariffPut.Id.ToString());
        (await session.Query<CdrAwaitingTariff>().Where(w => w.CdrKey == key).CountAsync()).ShouldBe(0);
        (await session.LoadAsync<CdrView>(key))!.CostCheck!.Verdict.ShouldBe(CostCheckVerdict.Match);
    }

    [Fact]
    public async Task a_cdr_without_a_tariffs_field_is_priced_with_the_regular_tariff_of_its_connector()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var profile = Tariff(cpo, "T-GREEN", 0.40m);
        profile["type"] = "PROFILE_GREEN";
        await PutTariffAsync(emsp, cpo, profile);
        var regular = Tariff(cpo, "T-REGULAR", 0.25m);
        regular["type"] = "REGULAR";
        await PutTariffAsync(emsp, cpo, regular);
        var held = (await LocationAsync(cpo, "L-TWO", "T-GREEN", "T-REGULAR"))["id"];
        held.ShouldNotBeNull();

        await PostAsync(cpo, AtConnector(Cdr(cpo, "C-TWO", DateTimeOffset.UtcNow, kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: null), "L-TWO"));

        var check = (await CostChecked.AtLeastAsync(emsp, CdrExamples.Key(cpo, "C-TWO"))).Single().Data.Check;
        check.Verdict.ShouldBe(CostCheckVerdict.Match, check.Reason);
        check.Tariffs.Single().TariffId.ShouldBe("T-REGULAR");
        check.Tariffs.Single().Source.ShouldBe("LOCATION");
    }

    [Fact]
    public async Task a_cdr_redelivered_after_its_check_is_answered_1000_and_recorded_as_a_redelivery()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var tariff = Tariff(cpo, "T-AGAIN", 0.25m);
        var held = await PutTariffAsync(emsp, cpo, tariff);
        var cdr = Cdr(cpo, "C-AGAIN", held.AddMilliseconds(2), kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: tariff);
        await PostAsync(cpo, cdr);
        var key = CdrExamples.Key(cpo, "C-AGAIN");
        await CostChecked.AtLeastAsync(emsp, key);

        var again = await CdrExamples.PostAsync(cpo, cdr);

        again.HttpStatus.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(1000, again.StatusMessage);
        (await emsp.EventTypesAsync(key)).ShouldBe(["CdrReceived", "CdrCostChecked", "CdrRedelivered"]);
        var changed = cdr.DeepClone().AsObject();
        changed["total_energy"] = 11;
        (await CdrExamples.PostAsync(cpo, changed)).StatusCode.ShouldBe(2000);
        await using var session = emsp.Store.QuerySession();
        var view = await session.LoadAsync<CdrView>(key);
        view!.Version.ShouldBe(3);
        view.CostCheck!.Verdict.ShouldBe(CostCheckVerdict.Match);
    }
}
