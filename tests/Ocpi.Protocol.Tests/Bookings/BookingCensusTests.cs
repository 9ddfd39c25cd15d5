using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.Bookings;

/// <summary>
/// Field census of the Bookings module against the tables of mod_bookings.asciidoc (branch 2.3.0/release/bookings),
/// transcribed as the spec writes them ("name cardinality type"). Three spellings of the text differ from the type
/// they name and are read as that type: TimeSlot (Calendar.available_timeslots) is Timeslot, BookingTokens
/// (BookingRequest.tokens) is BookingToken, String (AccessInformation.value, no length) is an unbounded string.
/// </summary>
public sealed class BookingCensusTests
{
    private static readonly Dictionary<string, string> SpecSpellings = new()
    {
        ["TimeSlot"] = "Timeslot", ["BookingTokens"] = "BookingToken", ["String"] = "string",
    };

    public static TheoryData<string, string[]> Tables => new()
    {
        { "Booking", [
            "id 1 CiString(36)",
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "request_id 1 CiString(36)",
            "booking_option ? BookingOption",
            "location_id 1 CiString(36)",
            "booking_tokens * BookingToken",
            "tariff_ids * CiString(36)",
            "period 1 Timeslot",
            "reservation_status 1 ReservationStatus",
            "canceled ? Cancellation",
            "access_information * AccessInformation",
            "authorization_reference 1 CiString(36)",
            "booking_terms 1 BookingTerms",
            "booking_requests + BookingRequestStatus",
            "last_updated 1 DateTime",
        ] },
        { "BookingLocation", [
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "id 1 CiString(36)",
            "location_id 1 CiString(36)",
            "booking_option ? BookingOption",
            "policy ? Policy",
            "tariff_ids * CiString(36)",
            "booking_terms ? BookingTerms",
            "calendars * Calendar",
            "last_updated 1 DateTime",
        ] },
        { "Calendar", [
            "id 1 CiString(36)",
            "begin_from 1 DateTime",
            "end_before 1 DateTime",
            "timeslot_increment ? int",
            "available_timeslots + TimeSlot",
            "last_updated 1 DateTime",
        ] },
        { "AccessInformation", [
            "method 1 AccessMethod",
            "value ? String",
        ] },
        { "BookingOption", [
            "evse_uid ? CiString(36)",
            "connector_id ? CiString(36)",
            "parking_id ? CiString(36)",
            "evse_position * EVSEPosition",
            "vehicle_types * VehicleType",
            "connector_format * ConnectorFormat",
            "connector_types * ConnectorType",
            "power_types * PowerType",
            "max_vehicle_weight ? number",
            "max_vehicle_height ? number",
            "max_vehicle_length ? number",
            "max_vehicle_width ? number",
            "min_parking_space_length ? number",
            "min_parking_space_width ? number",
            "dangerous_goods_allowed ? boolean",
            "drive_through ? boolean",
            "refrigeration_outlet ? boolean",
        ] },
        { "BookingRequest", [
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "request_id 1 CiString(36)",
            "booking_option ? BookingOption",
            "location_id 1 CiString(36)",
            "booking_location_id 1 CiString(36)",
            "tokens * BookingTokens",
            "access_information * AccessInformation",
            "period 1 Period",
            "authorization_reference 1 CiString(36)",
            "power_required ? int",
            "canceled ? Cancellation",
        ] },
        { "BookingRequestStatus", [
            "request_status 1 ReservationRequestStatus",
            "booking_request 1 BookingRequest",
            "request_received 1 DateTime",
        ] },
        { "BookingTerms", [
            "rfid_auth_required ? boolean",
            "token_groups_supported ? boolean",
            "remote_auth_supported ? boolean",
            "supported_access_methods + AccessMethod",
            "change_until_minutes 1 number",
            "cancel_until_minutes 1 number",
            "change_not_allowed ? boolean",
            "early_start_allowed ? boolean",
            "early_start_time ? number",
            "noshow_timeout ? number",
            "noshow_fee ? boolean",
            "late_stop_allowed ? boolean",
            "late_stop_time ? number",
            "overlapping_bookings_allowed ? boolean",
            "min_booking_duration ? number",
            "max_booking_duration ? number",
            "booking_terms ? URL",
        ] },
        { "BookingToken", [
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "uid 1 CiString(36)",
            "type 1 TokenType",
            "contract_id 1 CiString(36)",
        ] },
        { "Cancellation", [
            "cancellation_reason 1 CanceledReason",
            "who_canceled 1 Role",
        ] },
        { "Period", [
            "start_date_time 1 DateTime",
            "end_date_time 1 DateTime",
        ] },
        { "Policy", [
            "reservation_required 1 boolean",
            "ad_hoc ? number",
        ] },
        { "Timeslot", [
            "start_date_time 1 DateTime",
            "end_date_time 1 DateTime",
            "min_power ? number",
            "max_power ? number",
            "green_energy_support ? boolean",
        ] },
    };

    public static TheoryData<string, string[]> Enums => new()
    {
        { "AccessMethod", ["OPEN", "TOKEN", "LICENSE_PLATE", "ACCESS_CODE", "INTERCOM", "PARKING_TICKET"] },
        { "CanceledReason", ["POWER_OUTAGE", "BROKEN_CHARGER", "FULL", "BLOCKED", "TRAFFIC", "BROKEN_VEHICLE", "NO_CANCELED", "UNKNOWN"] },
        { "ReservationRequestStatus", ["PENDING", "ACCEPTED", "DECLINED", "FAILED"] },
        { "ReservationStatus", ["PENDING", "RESERVED", "CANCELED", "FAILED", "NO_SHOW", "FULFILLED", "REJECTED", "UNKNOWN"] },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void each_object_matches_its_field_table(string name, string[] table)
    {
        var schema = Schema(name);
        schema.Name.ShouldBe(name);
        FieldTable(schema).ShouldBe(table.Select(Normalised).ToArray());
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void each_enum_has_exactly_the_values_of_its_table(string name, string[] values)
    {
        var type = typeof(BookingSchemas).GetProperty(name)!.GetValue(null).ShouldBeOfType<EnumType>();
        type.Values.ShouldBe(values);
    }

    [Fact]
    public void every_class_and_enum_of_the_module_is_censused()
    {
        var schemas = typeof(BookingSchemas).GetProperties().Where(p => p.PropertyType == typeof(ObjectSchema)).Select(p => p.Name);
        schemas.ShouldBe(Tables.Select(row => (string)row[0]), ignoreOrder: true);
        var enums = typeof(BookingSchemas).GetProperties().Where(p => p.PropertyType == typeof(EnumType) && p.Name != nameof(BookingSchemas.WhoCanceled)).Select(p => p.Name);
        enums.ShouldBe(Enums.Select(row => (string)row[0]), ignoreOrder: true);
    }

    [Fact]
    public void who_canceled_is_a_role()
    {
        BookingSchemas.WhoCanceled.Name.ShouldBe("Role");
        BookingSchemas.WhoCanceled.Values.ShouldBe(["CPO", "EMSP", "NAP", "NSP", "OTHER", "SCSP"]);
    }

    private static ObjectSchema Schema(string name) =>
        typeof(BookingSchemas).GetProperty(name)!.GetValue(null).ShouldBeOfType<ObjectSchema>();

    private static string Normalised(string row)
    {
        var parts = row.Split(' ');
        return SpecSpellings.TryGetValue(parts[2], out var type) ? $"{parts[0]} {parts[1]} {type}" : row;
    }
}
