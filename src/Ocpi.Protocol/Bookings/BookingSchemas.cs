using System.Text.Json;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Bookings;

/// <summary>
/// Field tables of mod_bookings.asciidoc (branch 2.3.0/release/bookings, Bookings module 1.1). Where the text is
/// ambiguous the table follows the object tables, not the prose or the examples:
/// <list type="bullet">
/// <item>Booking.period is a Timeslot (it may carry power fields); BookingRequest.period is a Period.</item>
/// <item>BookingLocation: "either the booking_option or the evse_uid" is a 1.0 leftover (evse_uid lives inside
/// BookingOption since 1.1): the rule accepts a top-level evse_uid too, so a CPO still on 1.0 wording is not refused.</item>
/// <item>Cancellation.who_canceled is typed Role (CPO, EMSP...), although the link points to InterfaceRole.</item>
/// <item>The "number" minutes of BookingTerms and the Policy.ad_hoc count are numbers, as the table says (not int).</item>
/// <item>Calendar rules across fields (slot order, overlaps, increment, distinct calendar ids) are written in
/// <see cref="CalendarRules"/> and attached here as rules, so every validation of a Calendar applies them.</item>
/// </list>
/// </summary>
public static class BookingSchemas
{
    // ----- enums (all closed) -----

    /// <summary>AccessMethod (renamed from LocationAccess in 1.1).</summary>
    public static EnumType AccessMethod { get; } =
        Enum("AccessMethod", "OPEN", "TOKEN", "LICENSE_PLATE", "ACCESS_CODE", "INTERCOM", "PARKING_TICKET");

    public static EnumType CanceledReason { get; } = Enum("CanceledReason",
        "POWER_OUTAGE", "BROKEN_CHARGER", "FULL", "BLOCKED", "TRAFFIC", "BROKEN_VEHICLE", "NO_CANCELED", "UNKNOWN");

    public static EnumType ReservationRequestStatus { get; } =
        Enum("ReservationRequestStatus", "PENDING", "ACCEPTED", "DECLINED", "FAILED");

    public static EnumType ReservationStatus { get; } = Enum("ReservationStatus",
        "PENDING", "RESERVED", "CANCELED", "FAILED", "NO_SHOW", "FULFILLED", "REJECTED", "UNKNOWN");

    /// <summary>"If a booking moves to CANCELED, NO_SHOW, REJECTED, FAILED, or FULFILLED, it reaches a final state."</summary>
    public static IReadOnlyCollection<string> FinalReservationStatuses { get; } = ["CANCELED", "NO_SHOW", "REJECTED", "FAILED", "FULFILLED"];

    /// <summary>Cancellation.who_canceled: typed Role in the table (the link targets InterfaceRole; Role is what fits "who").</summary>
    public static EnumType WhoCanceled { get; } = Enum<Role>();

    // ----- classes -----

    /// <summary>AccessInformation (renamed from AccessMethod in 1.1). <c>value</c> is "String" without a length: unbounded.</summary>
    public static ObjectSchema AccessInformation { get; } = new ObjectSchema("AccessInformation")
        .Required("method", AccessMethod)
        .Optional("value", UnboundedString);

    /// <summary>BookingOption (renamed from BookableParkingOption in 1.1). evse_uid may be <c>#NA</c> (not yet assigned).</summary>
    public static ObjectSchema BookingOption { get; } = new ObjectSchema("BookingOption")
        .Optional("evse_uid", CiString(36))
        .Optional("connector_id", CiString(36))
        .Optional("parking_id", CiString(36))
        .Many("evse_position", LocationEnums.EvsePosition)
        .Many("vehicle_types", LocationEnums.VehicleType)
        .Many("connector_format", LocationEnums.ConnectorFormat)
        .Many("connector_types", LocationEnums.ConnectorType)
        .Many("power_types", LocationEnums.PowerType)
        .Optional("max_vehicle_weight", Number)
        .Optional("max_vehicle_height", Number)
        .Optional("max_vehicle_length", Number)
        .Optional("max_vehicle_width", Number)
        .Optional("min_parking_space_length", Number)
        .Optional("min_parking_space_width", Number)
        .Optional("dangerous_goods_allowed", OcpiTypes.Boolean)
        .Optional("drive_through", OcpiTypes.Boolean)
        .Optional("refrigeration_outlet", OcpiTypes.Boolean);

    /// <summary>BookingToken: the shape of CdrToken (license_plate was removed again in 1.1).</summary>
    public static ObjectSchema BookingToken { get; } = new ObjectSchema("BookingToken")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("uid", CiString(36))
        .Required("type", LocationEnums.TokenType)
        .Required("contract_id", CiString(36));

    public static ObjectSchema Cancellation { get; } = new ObjectSchema("Cancellation")
        .Required("cancellation_reason", CanceledReason)
        .Required("who_canceled", WhoCanceled);

    /// <summary>Period (new in 1.1): what a BookingRequest asks for.</summary>
    public static ObjectSchema Period { get; } = new ObjectSchema("Period")
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("end_date_time", OcpiTypes.DateTime);

    /// <summary>Policy (renamed from Bookable in 1.1).</summary>
    public static ObjectSchema Policy { get; } = new ObjectSchema("Policy")
        .Required("reservation_required", OcpiTypes.Boolean)
        .Optional("ad_hoc", Number);

    /// <summary>Timeslot: start/end renamed from start_from/end_from in 1.1; powers in W (BookingRequest.power_required is kW).</summary>
    public static ObjectSchema Timeslot { get; } = new ObjectSchema("Timeslot")
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("end_date_time", OcpiTypes.DateTime)
        .Optional("min_power", Number)
        .Optional("max_power", Number)
        .Optional("green_energy_support", OcpiTypes.Boolean);

    /// <summary>BookingTerms; late_stop_time's description says "late start", read as the late stop it is named after.</summary>
    public static ObjectSchema BookingTerms { get; } = new ObjectSchema("BookingTerms")
        .Optional("rfid_auth_required", OcpiTypes.Boolean)
        .Optional("token_groups_supported", OcpiTypes.Boolean)
        .Optional("remote_auth_supported", OcpiTypes.Boolean)
        .AtLeastOne("supported_access_methods", AccessMethod)
        .Required("change_until_minutes", Number)
        .Required("cancel_until_minutes", Number)
        .Optional("change_not_allowed", OcpiTypes.Boolean)
        .Optional("early_start_allowed", OcpiTypes.Boolean)
        .Optional("early_start_time", Number)
        .Optional("noshow_timeout", Number)
        .Optional("noshow_fee", OcpiTypes.Boolean)
        .Optional("late_stop_allowed", OcpiTypes.Boolean)
        .Optional("late_stop_time", Number)
        .Optional("overlapping_bookings_allowed", OcpiTypes.Boolean)
        .Optional("min_booking_duration", Number)
        .Optional("max_booking_duration", Number)
        .Optional("booking_terms", Url);

    /// <summary>Calendar; timeslot_increment renamed from step_size in 1.1 (minutes).</summary>
    public static ObjectSchema Calendar { get; } = new ObjectSchema("Calendar")
        .Required("id", CiString(36))
        .Required("begin_from", OcpiTypes.DateTime)
        .Required("end_before", OcpiTypes.DateTime)
        .Optional("timeslot_increment", Int())
        .AtLeastOne("available_timeslots", Timeslot)
        .Required("last_updated", OcpiTypes.DateTime)
        .Rule(CalendarRules.CheckCalendar);

    public static ObjectSchema BookingLocation { get; } = new ObjectSchema("BookingLocation")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("id", CiString(36))
        .Required("location_id", CiString(36))
        .Optional("booking_option", BookingOption)
        .Optional("policy", Policy)
        .Many("tariff_ids", CiString(36))
        .Optional("booking_terms", BookingTerms)
        .Many("calendars", Calendar)
        .Required("last_updated", OcpiTypes.DateTime)
        .Rule(BookingOptionOrEvseUid)
        .Rule(CalendarRules.CheckCalendarIds);

    /// <summary>BookingRequest: the POST body to the CPO's Sender interface (booking_location_id new in 1.1).</summary>
    public static ObjectSchema BookingRequest { get; } = new ObjectSchema("BookingRequest")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("request_id", CiString(36))
        .Optional("booking_option", BookingOption)
        .Required("location_id", CiString(36))
        .Required("booking_location_id", CiString(36))
        .Many("tokens", BookingToken)
        .Many("access_information", AccessInformation)
        .Required("period", Period)
        .Required("authorization_reference", CiString(36))
        .Optional("power_required", Int())
        .Optional("canceled", Cancellation);

    public static ObjectSchema BookingRequestStatus { get; } = new ObjectSchema("BookingRequestStatus")
        .Required("request_status", ReservationRequestStatus)
        .Required("booking_request", BookingRequest)
        .Required("request_received", OcpiTypes.DateTime);

    public static ObjectSchema Booking { get; } = new ObjectSchema("Booking")
        .Required("id", CiString(36))
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("request_id", CiString(36))
        .Optional("booking_option", BookingOption)
        .Required("location_id", CiString(36))
        .Many("booking_tokens", BookingToken)
        .Many("tariff_ids", CiString(36))
        .Required("period", Timeslot)
        .Required("reservation_status", ReservationStatus)
        .Optional("canceled", Cancellation)
        .Many("access_information", AccessInformation)
        .Required("authorization_reference", CiString(36))
        .Required("booking_terms", BookingTerms)
        .AtLeastOne("booking_requests", BookingRequestStatus)
        .Required("last_updated", OcpiTypes.DateTime);

    /// <summary>"Each bookingLocation should include either the booking_option or the evse_uid. One of them is mandatory."</summary>
    private static void BookingOptionOrEvseUid(JsonElement value, string path, ValidationResult result)
    {
        if (Present(value, "booking_option") || Present(value, "evse_uid")) return;
        result.Add(path.Length == 0 ? "booking_option" : $"{path}.booking_option",
            "required field is missing (a BookingLocation needs a booking_option, or the 1.0-style evse_uid)");
    }

    private static bool Present(JsonElement value, string field) =>
        value.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;
}
