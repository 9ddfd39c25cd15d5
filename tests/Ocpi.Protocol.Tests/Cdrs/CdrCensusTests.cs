using Ocpi.Protocol.Cdrs;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Cdrs;

/// <summary>Field census of the CDRs module against the tables of mod_cdrs.asciidoc (2.3.0/release/core, ed2).</summary>
public sealed class CdrCensusTests
{
    [Fact]
    public void cdr_matches_its_field_table()
    {
        CdrSchemas.Cdr.Name.ShouldBe("CDR");
        FieldTable(CdrSchemas.Cdr).ShouldBe([
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "id 1 CiString(39)",
            "start_date_time 1 DateTime",
            "end_date_time 1 DateTime",
            "session_id ? CiString(36)",
            "cdr_token 1 CdrToken",
            "auth_method 1 AuthMethod",
            "authorization_reference ? CiString(36)",
            "cdr_location 1 CdrLocation",
            "meter_id ? string(255)",
            "currency 1 string(3)",
            "tariffs * Tariff",
            "charging_periods + ChargingPeriod",
            "signed_data ? SignedData",
            "total_cost 1 Price",
            "total_fixed_cost ? Price",
            "total_energy 1 number",
            "total_energy_cost ? Price",
            "total_time 1 number",
            "total_time_cost ? Price",
            "total_parking_time ? number",
            "total_parking_cost ? Price",
            "total_reservation_cost ? Price",
            "remark ? string(255)",
            "invoice_reference_id ? CiString(39)",
            "credit ? boolean",
            "credit_reference_id ? CiString(39)",
            "home_charging_compensation ? boolean",
            "last_updated 1 DateTime",
        ], ignoreOrder: true);

        // Shared classes are referenced, not redefined.
        Field(CdrSchemas.Cdr, "cdr_token").Type.ShouldBeSameAs(SessionSchemas.CdrToken);
        Field(CdrSchemas.Cdr, "auth_method").Type.ShouldBeSameAs(SessionSchemas.AuthMethod);
        Field(CdrSchemas.Cdr, "charging_periods").Type.ShouldBeSameAs(SessionSchemas.ChargingPeriod);
        Field(CdrSchemas.Cdr, "tariffs").Type.ShouldBeSameAs(TariffSchemas.Tariff);
        Field(CdrSchemas.Cdr, "cdr_location").Type.ShouldBeSameAs(CdrSchemas.CdrLocation);
        Field(CdrSchemas.Cdr, "signed_data").Type.ShouldBeSameAs(CdrSchemas.SignedData);
        foreach (var price in new[] { "total_cost", "total_fixed_cost", "total_energy_cost", "total_time_cost", "total_parking_cost", "total_reservation_cost" })
            Field(CdrSchemas.Cdr, price).Type.ShouldBeSameAs(CommonSchemas.Price);
        // Bookings-branch field, not in core.
        CdrSchemas.Cdr.Fields.ShouldNotContain(f => f.Name == "booking_id");
    }

    [Fact]
    public void cdr_location_matches_its_field_table()
    {
        CdrSchemas.CdrLocation.Name.ShouldBe("CdrLocation");
        FieldTable(CdrSchemas.CdrLocation).ShouldBe([
            "id 1 CiString(36)",
            "name ? string(255)",
            "address 1 string(45)",
            "city 1 string(45)",
            "postal_code ? string(10)",
            "state ? string(20)",
            "country 1 string(3)",
            "coordinates 1 GeoLocation",
            "evse_uid 1 CiString(36)",
            "evse_id 1 CiString(48)",
            "connector_id 1 CiString(36)",
            "connector_standard 1 ConnectorType",
            "connector_format 1 ConnectorFormat",
            "connector_power_type 1 PowerType",
        ], ignoreOrder: true);

        Field(CdrSchemas.CdrLocation, "coordinates").Type.ShouldBeSameAs(CommonSchemas.GeoLocation);
        // ConnectorType is an OpenEnum; ConnectorFormat and PowerType are closed.
        Field(CdrSchemas.CdrLocation, "connector_standard").Type.ShouldBeOfType<OpenEnumType>();
        Field(CdrSchemas.CdrLocation, "connector_format").Type.ShouldBeOfType<EnumType>().Values.ShouldBe(["SOCKET", "CABLE"], ignoreOrder: true);
        Field(CdrSchemas.CdrLocation, "connector_power_type").Type.ShouldBeOfType<EnumType>().Values
            .ShouldBe(["AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC"], ignoreOrder: true);
        // #NA fields are plain CiStrings.
        foreach (var na in new[] { "evse_uid", "evse_id", "connector_id" })
            Field(CdrSchemas.CdrLocation, na).Type.ShouldBeOfType<CiStringType>();
    }

    [Fact]
    public void signed_data_matches_its_field_table()
    {
        FieldTable(CdrSchemas.SignedData).ShouldBe([
            "encoding_method 1 CiString(36)",
            "encoding_method_version ? int",
            "public_key ? string(512)",
            "signed_values + SignedValue",
            "url ? string(512)",
        ], ignoreOrder: true);
        Field(CdrSchemas.SignedData, "signed_values").Type.ShouldBeSameAs(CdrSchemas.SignedValue);
    }

    [Fact]
    public void signed_value_matches_its_field_table()
    {
        // plain_data is 5000 since edition 2 (ed1 said 512).
        FieldTable(CdrSchemas.SignedValue).ShouldBe([
            "nature 1 CiString(32)",
            "plain_data 1 string(5000)",
            "signed_data 1 string(5000)",
        ], ignoreOrder: true);
    }

    [Fact]
    public void non_credit_cdr_ids_are_limited_to_36_characters() => CdrSchemas.NonCreditIdMaxLength.ShouldBe(36);

    [Fact]
    public void every_field_name_is_snake_case_and_unique()
    {
        ObjectSchema[] schemas = [CdrSchemas.Cdr, CdrSchemas.CdrLocation, CdrSchemas.SignedData, CdrSchemas.SignedValue];
        foreach (var schema in schemas)
        {
            schema.Fields.Select(f => f.Name).ShouldBeUnique();
            schema.Fields.ShouldAllBe(f => System.Text.RegularExpressions.Regex.IsMatch(f.Name, "^[a-z]+(_[a-z]+)*$"));
        }
    }
}
