using Ocpi.Protocol.Tokens;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Bookings;

/// <summary>Field tables of mod_bookings.asciidoc (branch 2.3.0/release/bookings) that the Booking flow needs.</summary>
public static class BookingSchemas
{
    /// <summary>"*Module Identifier: `Booking`*" (mod_bookings.asciidoc).</summary>
    public const string ModuleIdentifier = "Booking";

    public static EnumType ReservationStatus { get; } =
        Enum("ReservationStatus", "PENDING", "RESERVED", "CANCELED", "FAILED", "NO_SHOW", "FULFILLED", "REJECTED", "UNKNOWN");

    public static EnumType ReservationRequestStatus { get; } = Enum("ReservationRequestStatus", "PENDING", "ACCEPTED", "DECLINED", "FAILED");

    public static EnumType CanceledReason { get; } = Enum("CanceledReason",
        "POWER_OUTAGE", "BROKEN_CHARGER", "FULL", "BLOCKED", "TRAFFIC", "BROKEN_VEHICLE", "NO_CANCELED", "UNKNOWN");

    public static EnumType AccessMethod { get; } = Enum("AccessMethod", "OPEN", "TOKEN", "LICENSE_PLATE", "ACCESS_CODE", "INTERCOM", "PARKING_TICKET");

    public static ObjectSchema Period { get; } = new ObjectSchema("Period")
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("end_date_time", OcpiTypes.DateTime);

    public static ObjectSchema Timeslot { get; } = new ObjectSchema("Timeslot")
        .Required("start_date_time", OcpiTypes.DateTime)
        .Required("end_date_time", OcpiTypes.DateTime)
        .Optional("min_power", Number)
        .Optional("max_power", Number)
        .Optional("green_energy_support", OcpiTypes.Boolean);

    public static ObjectSchema BookingToken { get; } = new ObjectSchema("BookingToken")
        .Required("country_code", CiString(2))
        .Required("party_id", CiString(3))
        .Required("uid", CiString(36))
        .Required("type", TokenSchemas.TokenType)
        .Required("contract_id", CiString(36));

    public static ObjectSchema AccessInformation { get; } = new ObjectSchema("AccessInformation")
        .Required("method", AccessMethod)
        .Optional("value", UnboundedString);

    public static ObjectSchema BookingOption { get; } = new ObjectSchema("BookingOption")
        .Optional("evse_uid", CiString(36))
        .Optional("connector_id", CiString(36))
        .Optional("parking_id", CiString(36));

    public static ObjectSchema Cancellation { get; } = new ObjectSchema("Cancellation")
        .Required("cancellation_reason", CanceledReason)
        .Required("who_canceled", Enum("Role", "CPO", "EMSP", "HUB", "NAP", "NSP", "OTHER", "SCSP", "PTP"));

    public static ObjectSchema BookingTerms { get; } = new ObjectSchema("BookingTerms")
        .Optional("rfid_auth_required", OcpiTypes.Boolean)
        .AtLeastOne("supported_access_methods", AccessMethod)
        .Required("change_until_minutes", Number)
        .Required("cancel_until_minutes", Number)
        .Optional("change_not_allowed", OcpiTypes.Boolean);

    public static ObjectSchema BookingRequest { get; } = new ObjectSchema("BookingRequest")
        .Required("country_code", CiString(2))
        .Required("party_id", CiString(3))
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
        .Required("country_code", CiString(2))
        .Required("party_id", CiString(3))
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
        .Many("booking_requests", BookingRequestStatus)
        .Required("last_updated", OcpiTypes.DateTime);
}
