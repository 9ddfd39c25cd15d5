using System.Text.Json.Nodes;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Tests.Validation;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Sessions;

/// <summary>Session PATCH bodies (ValidatePartial with last_updated), ChargingPreferences and ChargingPreferencesResponse.</summary>
public sealed class SessionPatchAndPreferencesTests
{
    private static readonly ObjectSchema Session = SessionSchemas.Session;

    // ----- PATCH -----

    [Fact]
    public void a_patch_without_last_updated_is_refused() =>
        Session.ValidatePartial(TestJson.Parse("""{"kwh": 16.5}"""), "last_updated").Describe()
            .ShouldBe("last_updated: required field is missing");

    [Fact]
    public void a_patch_may_carry_only_last_updated() =>
        Session.ValidatePartial(TestJson.Parse("""{"last_updated": "2019-06-23T08:16:02Z"}"""), "last_updated").IsValid.ShouldBeTrue();

    [Fact]
    public void the_fields_present_in_a_patch_must_be_valid_down_to_the_nested_paths()
    {
        var patch = SpecExample.Node("session_patch_example_charging_period.json")
            .With("status", "FINISHED")
            .With("charging_periods[0].dimensions[0].type", "KWH")
            .WithJson("total_cost.taxes[0].amount", "\"0.08\"");

        var result = Session.ValidatePartial(TestJson.Parse(patch.ToJsonString()), "last_updated");

        result.Errors.Select(e => e.Path).ShouldBe(
            ["charging_periods[0].dimensions[0].type", "total_cost.taxes[0].amount", "status"], ignoreOrder: true);
        result.Errors.Single(e => e.Path == "status").Message.ShouldContain("allowed: ACTIVE, COMPLETED, INVALID, PENDING, RESERVATION");
    }

    [Fact]
    public void a_patch_appending_an_empty_charging_period_is_refused()
    {
        var patch = SpecExample.Node("session_patch_example_charging_period.json").WithJson("charging_periods[0].dimensions", "[]");

        Session.ValidatePartial(TestJson.Parse(patch.ToJsonString()), "last_updated").Describe()
            .ShouldBe("charging_periods[0].dimensions: must contain at least one element");
    }

    [Fact]
    public void a_patch_may_set_na_for_evse_uid() =>
        Session.ValidatePartial(TestJson.Parse("""{"evse_uid":"#NA","connector_id":"#NA","last_updated":"2019-06-23T08:16:02Z"}"""),
            "last_updated").IsValid.ShouldBeTrue();

    // ----- ChargingPreferences -----

    [Fact]
    public void charging_preferences_need_only_a_profile_type()
    {
        SessionSchemas.ChargingPreferences.ShouldValidate(JsonNode.Parse("""{"profile_type":"GREEN"}""")!);
        SessionSchemas.ChargingPreferences.ShouldValidate(JsonNode.Parse(
            """{"profile_type":"FAST","departure_time":"2019-06-23T18:00:00Z","energy_need":30.5,"discharge_allowed":true}""")!);
    }

    [Fact]
    public void charging_preferences_refuse_an_unknown_profile_type() =>
        SessionSchemas.ChargingPreferences.ShouldRefuse(JsonNode.Parse("""{"profile_type":"ECO"}""")!,
            "profile_type", "'ECO' is not a valid ProfileType (allowed: CHEAP, FAST, GREEN, REGULAR)");

    [Fact]
    public void charging_preferences_refuse_a_string_as_discharge_allowed() =>
        SessionSchemas.ChargingPreferences.ShouldRefuse(JsonNode.Parse("""{"profile_type":"CHEAP","discharge_allowed":"false"}""")!,
            "discharge_allowed", "expected boolean, got a string");

    [Theory]
    [InlineData("ACCEPTED")]
    [InlineData("DEPARTURE_REQUIRED")]
    [InlineData("ENERGY_NEED_REQUIRED")]
    [InlineData("NOT_POSSIBLE")]
    [InlineData("PROFILE_TYPE_NOT_SUPPORTED")]
    public void every_charging_preferences_response_is_accepted(string value) =>
        SessionSchemas.ChargingPreferencesResponse.ShouldAccept($"\"{value}\"");

    [Fact]
    public void an_unknown_charging_preferences_response_is_refused() =>
        SessionSchemas.ChargingPreferencesResponse.ShouldRefuse("\"REJECTED\"",
            "'REJECTED' is not a valid ChargingPreferencesResponse (allowed: ACCEPTED, DEPARTURE_REQUIRED, ENERGY_NEED_REQUIRED, NOT_POSSIBLE, PROFILE_TYPE_NOT_SUPPORTED)");
}
