using JasperFx.Events.Projections;
using Marten;

namespace Ocpi.Emsp.Bookings.Locations;

public static class BookingLocationsSetup
{
    /// <summary>The BookingLocations view, inline: the next PATCH and the CPO's GET read it at once.</summary>
    public static void AddBookingLocations(this StoreOptions opts)
    {
        opts.Projections.Add<BookingLocationProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<BookingLocationView>().Duplicate(v => v.PartnerId).Duplicate(v => v.LocationKey);
    }
}
