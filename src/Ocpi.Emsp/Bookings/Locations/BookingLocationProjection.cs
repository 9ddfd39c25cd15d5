using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Bookings.Locations;

/// <summary>Folds a BookingLocation's stream into its view; the JSON changes are <see cref="BookingLocationTree"/>'s.</summary>
public sealed class BookingLocationProjection : SingleStreamProjection<BookingLocationView, string>
{
    public BookingLocationView Create(IEvent<BookingLocationPut> e)
    {
        var view = new BookingLocationView { Id = e.StreamKey! };
        Apply(e, view);
        return view;
    }

    public void Apply(IEvent<BookingLocationPut> e, BookingLocationView view)
    {
        view.PartnerId = e.Data.PartnerId;
        view.CountryCode = e.Data.CountryCode;
        view.PartyId = e.Data.PartyId;
        view.BookingLocationId = e.Data.BookingLocationId;
        Refresh(view, e, e.Data.BookingLocation.DeepClone().AsObject());
    }

    public void Apply(IEvent<BookingLocationPatched> e, BookingLocationView view) =>
        Change(view, e, location => BookingLocationTree.Patch(location, e.Data.Patch));

    public void Apply(IEvent<BookingCalendarPut> e, BookingLocationView view) =>
        Change(view, e, location => BookingLocationTree.PutCalendar(location, e.Data.CalendarId, e.Data.Calendar));

    public void Apply(IEvent<BookingCalendarPatched> e, BookingLocationView view) =>
        Change(view, e, location => BookingLocationTree.PatchCalendar(location, e.Data.CalendarId, e.Data.Patch));

    private static void Change(BookingLocationView view, IEvent e, Action<JsonObject> change)
    {
        var location = view.BookingLocation.DeepClone().AsObject();
        change(location);
        Refresh(view, e, location);
    }

    private static void Refresh(BookingLocationView view, IEvent e, JsonObject location)
    {
        view.BookingLocation = location;
        view.LocationId = OcpiPayload.String(location, "location_id") ?? "";
        view.LocationKey = view.LocationId.ToUpperInvariant();
        view.LastUpdated = OcpiPayload.LastUpdated(location);
        view.ReceivedAt = e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
        view.Version = e.Version;
    }
}
