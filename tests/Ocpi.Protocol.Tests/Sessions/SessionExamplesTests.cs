using System.Text.Json.Nodes;
using Ocpi.Protocol.Sessions;

namespace Ocpi.Protocol.Tests.Sessions;

/// <summary>
/// session_example_*.json (whole Sessions, PUT bodies) and session_patch_example_*.json (PATCH bodies) of
/// mod_sessions.asciidoc.
/// </summary>
public sealed class SessionExamplesTests
{
    public static readonly string[] WholeSessions = ["session_example_1_simple_start.json", "session_example_2_short_finished.json"];
    public static readonly string[] Patches = ["session_patch_example_charging_period.json", "session_patch_example_total_cost.json"];

    public static TheoryData<string> WholeSessionFiles => new(WholeSessions);
    public static TheoryData<string> PatchFiles => new(Patches);

    [Fact]
    public void every_session_example_of_the_spec_is_covered()
    {
        SpecExample.Matching("session_*.json").ShouldBe([.. WholeSessions, .. Patches], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(WholeSessionFiles))]
    public void the_example_is_a_valid_session(string fileName)
    {
        SessionSchemas.Session.ShouldValidate(SpecExample.Node(fileName));
    }

    [Theory]
    [MemberData(nameof(PatchFiles))]
    public void the_patch_example_is_a_valid_partial_session(string fileName)
    {
        var result = SessionSchemas.Session.ValidatePartial(TestJson.Parse(SpecExample.Text(fileName)), "last_updated");

        result.IsValid.ShouldBeTrue(result.Describe());
    }

    [Theory]
    [MemberData(nameof(PatchFiles))]
    public void the_patch_example_is_not_a_whole_session(string fileName)
    {
        // PATCH bodies carry only the changed fields: as a PUT body they would miss the required ones.
        var result = SessionSchemas.Session.Check(SpecExample.Node(fileName));

        result.Errors.ShouldContain(e => e.Path == "id" && e.Message == "required field is missing");
    }

    [Fact]
    public void the_charging_period_patch_appends_one_period_and_updates_kwh_and_total_cost()
    {
        var patch = SpecExample.Node("session_patch_example_charging_period.json").AsObject();

        patch.Select(p => p.Key).ShouldBe(["kwh", "charging_periods", "total_cost", "last_updated"], ignoreOrder: true);
        patch["charging_periods"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public void the_energy_volumes_of_example_2_are_in_wh_although_energy_is_defined_in_kwh()
    {
        // Semantic error of the example, not a schema error (a number is a number): the ENERGY volumes 120 and 41000 only
        // add up to kwh = 41.12 when read as Wh. The schema accepts them (see the_example_is_a_valid_session); a cost
        // verifier must not infer units from these examples.
        var session = SpecExample.Node("session_example_2_short_finished.json");

        var energy = EnergyVolumes(session);
        energy.ShouldBe([120m, 41000m]);
        (energy.Sum() / 1000m).ShouldBe(session["kwh"]!.GetValue<decimal>());
    }

    [Fact]
    public void the_energy_volume_of_the_charging_period_patch_is_in_wh_too()
    {
        // 2200 "kWh" in one period while the whole session is at kwh = 15: again Wh. Accepted by the schema.
        var patch = SpecExample.Node("session_patch_example_charging_period.json");

        EnergyVolumes(patch).ShouldBe([2200m]);
        patch["kwh"]!.GetValue<decimal>().ShouldBe(15m);
    }

    [Fact]
    public void example_2_has_a_tariff_id_only_on_its_parking_period()
    {
        var periods = SpecExample.Node("session_example_2_short_finished.json")["charging_periods"]!.AsArray();

        periods.Select(p => p!["tariff_id"]?.GetValue<string>()).ShouldBe([null, null, "12"]);
    }

    private static decimal[] EnergyVolumes(JsonNode session) =>
        session["charging_periods"]!.AsArray()
            .SelectMany(p => p!["dimensions"]!.AsArray())
            .Where(d => d!["type"]!.GetValue<string>() == "ENERGY")
            .Select(d => d!["volume"]!.GetValue<decimal>())
            .ToArray();
}
