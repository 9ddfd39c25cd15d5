using System.Text.Json.Nodes;
using Ocpi.Protocol.ChargingProfiles;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.ChargingProfiles;

/// <summary>The tables of mod_charging_profiles.asciidoc (2.3.0) that the eMSP sends or receives.</summary>
public sealed class ChargingProfileSchemaTests
{
    private static JsonNode Profile => JsonNode.Parse("""
        {"charging_rate_unit": "W", "min_charging_rate": 2000.0,
         "charging_profile_period": [{"start_period": 0, "limit": 11000.0}, {"start_period": 1800, "limit": 6000.5}]}
        """)!;

    private static JsonNode Active => JsonNode.Parse("""{"start_date_time": "2025-01-01T10:00:00Z"}""")!.With("charging_profile", Profile);

    [Fact]
    public void the_tables_match_the_spec()
    {
        FieldTable(ChargingProfileSchemas.ChargingProfile).ShouldBe([
            "start_date_time ? DateTime", "duration ? int", "charging_rate_unit 1 ChargingRateUnit", "min_charging_rate ? number",
            "charging_profile_period * ChargingProfilePeriod",
        ]);
        FieldTable(ChargingProfileSchemas.ActiveChargingProfileResult).ShouldBe([
            "result 1 ChargingProfileResultType", "profile ? ActiveChargingProfile",
        ]);
        FieldTable(ChargingProfileSchemas.ChargingProfileResponse).ShouldBe(["result 1 ChargingProfileResponseType", "timeout 1 int"]);
    }

    [Fact]
    public void the_base_documents_are_valid()
    {
        ChargingProfileSchemas.ActiveChargingProfile.ShouldValidate(Active);
        ChargingProfileSchemas.ActiveChargingProfileResult.ShouldValidate(new JsonObject { ["result"] = "ACCEPTED" }.With("profile", Active));
        ChargingProfileSchemas.ClearProfileResult.ShouldValidate(new JsonObject { ["result"] = "UNKNOWN" });
        ChargingProfileSchemas.SetChargingProfile.ShouldValidate(
            new JsonObject { ["response_url"] = "https://emsp.example.com/ocpi/2.3.0/chargingprofiles/set/1" }.With("charging_profile", Profile));
    }

    [Fact]
    public void a_result_outside_the_result_enum_is_refused() =>
        ChargingProfileSchemas.ChargingProfileResult.ShouldRefuse(new JsonObject { ["result"] = "TOO_OFTEN" }, "result", "ChargingProfileResultType");

    [Fact]
    public void a_profile_without_its_rate_unit_is_refused_by_its_path() =>
        ChargingProfileSchemas.ActiveChargingProfile.ShouldRefuse(Active.Without("charging_profile.charging_rate_unit"),
            "charging_profile.charging_rate_unit", "required field is missing");

    [Fact]
    public void a_period_without_a_limit_is_refused_by_its_path() =>
        ChargingProfileSchemas.ChargingProfile.ShouldRefuse(Profile.Without("charging_profile_period[1].limit"),
            "charging_profile_period[1].limit", "required field is missing");
}
