using JasperFx.Events.Projections;
using Marten;

namespace Ocpi.Emsp.Bookings;

public static class BookingsSetup
{
    public static void AddEmspBookings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BookingRequests>();
        builder.Services.AddScoped<BookingChanges>();
        builder.Services.AddSingleton<BookingSender>();
    }

    /// <summary>
    /// The booking view, inline: the CPO's next push and our next change read it as their state. Duplicated columns for
    /// what the list filters and sorts on, and the CPO's Booking.id its pushes are found by.
    /// </summary>
    public static void AddBookings(this StoreOptions opts)
    {
        opts.Projections.Add<BookingProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<BookingView>()
            .Duplicate(b => b.CpoKey).Duplicate(b => b.Status).Duplicate(b => b.PeriodStart).Duplicate(b => b.BookingIdKey)
            .Duplicate(b => b.PartnerId);
    }
}
