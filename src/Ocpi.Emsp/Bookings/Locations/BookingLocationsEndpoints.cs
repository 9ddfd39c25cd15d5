using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Bookings.Locations;

/// <summary>
/// The BookingLocation part of the Bookings RECEIVER (mod_bookings.asciidoc), under our <c>bookings</c> endpoint:
/// GET, PUT and PATCH of /{country_code}/{party_id}/booking_locations/{booking_location_id}[/{calendar_id}].
/// Advertised in our version details as identifier <c>Booking</c>, role RECEIVER.
/// </summary>
public static class BookingLocationsEndpoints
{
    private const string BookingLocation = "/{country_code}/{party_id}/booking_locations/{booking_location_id}";
    private const string Calendar = BookingLocation + "/{calendar_id}";

    public static void MapBookingLocations(this IEndpointRouteBuilder routes)
    {
        var bookings = routes.MapOcpiModule(ModuleId.Bookings, InterfaceRole.RECEIVER);

        bookings.MapGet(BookingLocation, (string country_code, string party_id, string booking_location_id, HttpContext http, IQuerySession query) =>
                BookingLocationReceiver.GetAsync(http, query, country_code, party_id, booking_location_id, null))
            .WithName("GetBookingLocation").WithSummary("The BookingLocation as we hold it, with its calendars")
            .ProducesOcpi(BookingSchemas.BookingLocation).ProducesOcpiNotFound("booking location");
        bookings.MapGet(Calendar, (string country_code, string party_id, string booking_location_id, string calendar_id, HttpContext http, IQuerySession query) =>
                BookingLocationReceiver.GetAsync(http, query, country_code, party_id, booking_location_id, calendar_id))
            .WithName("GetBookingCalendar").WithSummary("One Calendar of the BookingLocation as we hold it")
            .ProducesOcpi(BookingSchemas.Calendar).ProducesOcpiNotFound("booking location or calendar");

        bookings.MapPut(BookingLocation, (string country_code, string party_id, string booking_location_id, HttpContext http, IDocumentStore store) =>
                BookingLocationReceiver.PutAsync(http, store, country_code, party_id, booking_location_id))
            .WithName("PutBookingLocation").WithSummary("Create or replace the BookingLocation (calendars included)")
            .ProducesOcpiPut(BookingSchemas.BookingLocation).ProducesOcpiNotFound("party");
        bookings.MapPut(Calendar, (string country_code, string party_id, string booking_location_id, string calendar_id, HttpContext http, IDocumentStore store) =>
                BookingLocationReceiver.PutCalendarAsync(http, store, country_code, party_id, booking_location_id, calendar_id))
            .WithName("PutBookingCalendar").WithSummary("Create or replace one Calendar of a BookingLocation we hold")
            .ProducesOcpiPut(BookingSchemas.Calendar).ProducesOcpiNotFound("booking location");

        bookings.MapPatch(BookingLocation, (string country_code, string party_id, string booking_location_id, HttpContext http, IDocumentStore store) =>
                BookingLocationReceiver.PatchAsync(http, store, country_code, party_id, booking_location_id))
            .WithName("PatchBookingLocation").WithSummary("Change some fields of the BookingLocation (each named field is replaced whole)")
            .AcceptsOcpi(BookingSchemas.BookingLocation, patch: true).ProducesOcpi(null).ProducesOcpiNotFound("booking location");
        bookings.MapPatch(Calendar, (string country_code, string party_id, string booking_location_id, string calendar_id, HttpContext http, IDocumentStore store) =>
                BookingLocationReceiver.PatchCalendarAsync(http, store, country_code, party_id, booking_location_id, calendar_id))
            .WithName("PatchBookingCalendar").WithSummary("Change some fields of one Calendar; the BookingLocation's last_updated follows")
            .AcceptsOcpi(BookingSchemas.Calendar, patch: true).ProducesOcpi(null).ProducesOcpiNotFound("booking location or calendar");
    }
}
