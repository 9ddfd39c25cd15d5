using Ocpi.Protocol.Common;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Sessions;

/// <summary>
/// Field census of the Sessions module against the tables of mod_sessions.asciidoc and the shared classes of
/// mod_cdrs.asciidoc (2.3.0/release/core). Each line reads "name cardinality type".
/// </summary>
public sealed class SessionCensusTests
{
    [Fact]
    public void session_matches_its_field_table()
    {
        SessionSchemas.Session.Name.ShouldBe("Session");
        FieldTable(SessionSchemas.Session).ShouldBe([
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "id 1 CiString(36)",
            "start_date_time 1 DateTime",
            "end_date_time ? DateTime",
            "kwh 1 number",
            "cdr_token 1 CdrToken",
            "auth_method 1 AuthMethod",
            "authorization_reference ? CiString(36)",
            "location_id 1 CiString(36)",
            "evse_uid 1 CiString(36)",
            "connector_id 1 CiString(36)",
            "meter_id ? string(255)",
            "currency 1 string(3)",
            "charging_periods * ChargingPeriod",
            "total_cost ? Price",
            "status 1 SessionStatus",
            "last_updated 1 DateTime",
        ], ignoreOrder: true);

        Field(SessionSchemas.Session, "cdr_token").Type.ShouldBeSameAs(SessionSchemas.CdrToken);
        Field(SessionSchemas.Session, "charging_periods").Type.ShouldBeSameAs(SessionSchemas.ChargingPeriod);
        Field(SessionSchemas.Session, "total_cost").Type.ShouldBeSameAs(CommonSchemas.Price);
        Field(SessionSchemas.Session, "auth_method").Type.ShouldBeSameAs(SessionSchemas.AuthMethod);
        Field(SessionSchemas.Session, "status").Type.ShouldBeSameAs(SessionSchemas.SessionStatus);
        // #NA fields are plain CiStrings: no special type, nothing resolves them.
        Field(SessionSchemas.Session, "evse_uid").Type.ShouldBeOfType<CiStringType>();
        Field(SessionSchemas.Session, "connector_id").Type.ShouldBeOfType<CiStringType>();
    }

    [Fact]
    public void cdr_token_matches_its_field_table()
    {
        FieldTable(SessionSchemas.CdrToken).ShouldBe([
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "uid 1 CiString(36)",
            "type 1 TokenType",
            "contract_id 1 CiString(36)",
        ], ignoreOrder: true);

        // TokenType is an OpenEnum in 2.3.0.
        Field(SessionSchemas.CdrToken, "type").Type.ShouldBeOfType<OpenEnumType>();
    }

    [Fact]
    public void charging_period_matches_its_field_table()
    {
        FieldTable(SessionSchemas.ChargingPeriod).ShouldBe([
            "start_date_time 1 DateTime",
            "dimensions + CdrDimension",
            "tariff_id ? CiString(36)",
        ], ignoreOrder: true);
        Field(SessionSchemas.ChargingPeriod, "dimensions").Type.ShouldBeSameAs(SessionSchemas.CdrDimension);
    }

    [Fact]
    public void cdr_dimension_matches_its_field_table()
    {
        FieldTable(SessionSchemas.CdrDimension).ShouldBe(["type 1 CdrDimensionType", "volume 1 number"], ignoreOrder: true);
        Field(SessionSchemas.CdrDimension, "type").Type.ShouldBeSameAs(SessionSchemas.CdrDimensionType);
    }

    [Fact]
    public void charging_preferences_matches_its_field_table()
    {
        FieldTable(SessionSchemas.ChargingPreferences).ShouldBe([
            "profile_type 1 ProfileType",
            "departure_time ? DateTime",
            "energy_need ? number",
            "discharge_allowed ? boolean",
        ], ignoreOrder: true);
    }

    [Fact]
    public void the_closed_enums_list_exactly_the_values_of_the_spec()
    {
        SessionSchemas.AuthMethod.Values.ShouldBe(["AUTH_REQUEST", "COMMAND", "WHITELIST"], ignoreOrder: true);
        SessionSchemas.SessionStatus.Values.ShouldBe(["ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION"], ignoreOrder: true);
        SessionSchemas.ProfileType.Values.ShouldBe(["CHEAP", "FAST", "GREEN", "REGULAR"], ignoreOrder: true);
        SessionSchemas.ChargingPreferencesResponse.Values.ShouldBe(
            ["ACCEPTED", "DEPARTURE_REQUIRED", "ENERGY_NEED_REQUIRED", "NOT_POSSIBLE", "PROFILE_TYPE_NOT_SUPPORTED"], ignoreOrder: true);
        SessionSchemas.CdrDimensionType.Values.ShouldBe([
            "CURRENT", "ENERGY", "ENERGY_EXPORT", "ENERGY_IMPORT", "MAX_CURRENT", "MIN_CURRENT", "MAX_POWER", "MIN_POWER",
            "PARKING_TIME", "POWER", "RESERVATION_TIME", "STATE_OF_CHARGE", "TIME",
        ], ignoreOrder: true);
        // The "Session Only" column of CdrDimensionType.
        SessionSchemas.SessionOnlyDimensionTypes.ShouldBe(["CURRENT", "ENERGY_EXPORT", "ENERGY_IMPORT", "POWER", "STATE_OF_CHARGE"], ignoreOrder: true);
        SessionSchemas.SessionOnlyDimensionTypes.ShouldBeSubsetOf(SessionSchemas.CdrDimensionType.Values);
    }

    [Fact]
    public void every_field_name_is_snake_case_and_unique()
    {
        ObjectSchema[] schemas =
        [
            SessionSchemas.Session, SessionSchemas.CdrToken, SessionSchemas.ChargingPeriod, SessionSchemas.CdrDimension,
            SessionSchemas.ChargingPreferences,
        ];
        foreach (var schema in schemas)
        {
            schema.Fields.Select(f => f.Name).ShouldBeUnique();
            schema.Fields.ShouldAllBe(f => System.Text.RegularExpressions.Regex.IsMatch(f.Name, "^[a-z]+(_[a-z]+)*$"));
        }
    }
}
