using System.ComponentModel;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Billing.Lines;
using Ocpi.Emsp.Internal;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Bookings.Locations;

/// <summary>
/// Internal API: the BookingLocations our CPOs published, each with the free slots of its calendars in a window
/// [from, to) (default: from now, 7 days). Free = the available timeslots cut to the window, to the calendar and to now
/// (<see cref="FreeSlots"/>); our own bookings are not subtracted here.
/// </summary>
public static class BookingLocationsApi
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static void MapBookingLocationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/booking-locations").WithTags("Bookings");
        api.MapGet("", ListAsync).WithName("ListBookingLocations")
            .WithSummary("BookingLocations with their calendars' free slots in [from, to), paged, ordered by CPO then id; filters combine with AND");
        api.MapGet("/{country_code}/{party_id}/{booking_location_id}", GetAsync).WithName("GetBookingLocationSlots")
            .WithSummary("One BookingLocation as we hold it, with its calendars' free slots in [from, to)");
        api.MapGet("/{country_code}/{party_id}/{booking_location_id}/events", EventsAsync).WithName("GetBookingLocationEvents")
            .WithSummary("Every event of the BookingLocation's stream, with its metadata, in order");
    }

    private static async Task<Results<Ok<Page<BookingLocationSlots>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] BookingLocationFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var page = check.Page(paging);
        var cpo = check.Cpo("cpo", filters.Cpo);
        var window = Window(check, filters.From, filters.To, out var now);
        if (filters.LocationId is { Length: > 36 }) check.Fail("location_id", "must be at most 36 characters (CiString(36))");
        if (check.Problem is { } problem) return problem;

        var query = session.Query<BookingLocationView>().AsQueryable();
        if (cpo?.KeyPrefix(BookingLocationView.Kind) is { } prefix) query = query.Where(v => v.Id.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(filters.LocationId))
        {
            var locationKey = filters.LocationId.ToUpperInvariant();
            query = query.Where(v => v.LocationKey == locationKey);
        }
        var views = await query.ToPageAsync(q => q.OrderBy(v => v.Id), page, ct);
        return TypedResults.Ok(new Page<BookingLocationSlots>(views.Total, views.Offset, views.Limit,
            [.. views.Items.Select(v => BookingLocationSlots.Of(v, window, now, []))]));
    }

    private static async Task<Results<Ok<BookingLocationSlots>, NotFound, ValidationProblem>> GetAsync(string country_code, string party_id,
        string booking_location_id, [AsParameters] SlotWindow filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = Window(check, filters.From, filters.To, out var now);
        if (check.Problem is { } problem) return problem;
        var view = await session.LoadAsync<BookingLocationView>(BookingLocationReceiver.Key(new PartyRef(country_code, party_id), booking_location_id), ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(BookingLocationSlots.Of(view, window, now, []));
    }

    private static async Task<Results<Ok<IReadOnlyList<EventRecord>>, NotFound>> EventsAsync(string country_code, string party_id,
        string booking_location_id, IQuerySession session, CancellationToken ct) =>
        await EventHistory.ForStreamAsync(session, BookingLocationReceiver.Key(new PartyRef(country_code, party_id), booking_location_id), ct) is { } events
            ? TypedResults.Ok(events)
            : TypedResults.NotFound();

    private static TimeRange Window(QueryCheck check, string? fromText, string? toText, out DateTimeOffset now)
    {
        now = DateTimeOffset.UtcNow;
        var from = check.Instant("from", fromText) ?? now;
        var to = check.Instant("to", toText) ?? from + DefaultWindow;
        check.Period<DateTimeOffset>(from, to);
        if (to - from > MaxWindow) check.Fail("to", $"the window may span at most {MaxWindow.TotalDays} days");
        return new TimeRange(from, to);
    }
}

/// <summary>A BookingLocation and the free slots of each of its calendars in the asked window.</summary>
public sealed record BookingLocationSlots(string CountryCode, string PartyId, string BookingLocationId, string LocationId, string PartnerId,
    DateTimeOffset LastUpdated, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CalendarSlots> Calendars, JsonObject BookingLocation)
{
    /// <param name="taken">Periods to treat as not free (our own active bookings, once the caller knows them).</param>
    public static BookingLocationSlots Of(BookingLocationView view, TimeRange window, DateTimeOffset now, IReadOnlyCollection<TimeRange> taken) =>
        new(view.CountryCode, view.PartyId, view.BookingLocationId, view.LocationId, view.PartnerId, view.LastUpdated, window.Start, window.End,
            [.. FreeSlots.ByCalendar(view.BookingLocation, window, now, taken).Select(c => new CalendarSlots(c.Calendar.Id,
                c.Calendar.BeginFrom, c.Calendar.EndBefore, c.Calendar.IncrementMinutes,
                [.. c.Free.Select(f => new FreeSlot(f.Start, f.End))]))],
            view.BookingLocation);
}

public sealed record CalendarSlots(string Id, DateTimeOffset BeginFrom, DateTimeOffset EndBefore, int? TimeslotIncrement, IReadOnlyList<FreeSlot> FreeSlots);

public sealed record FreeSlot(DateTimeOffset StartDateTime, DateTimeOffset EndDateTime);

/// <summary>The window of free slots: [from, to).</summary>
public sealed class SlotWindow
{
    [FromQuery(Name = "from"), Description("Start of the window (RFC 3339, inclusive); default now.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("End of the window (RFC 3339, exclusive); default from + 7 days; at most 366 days after from.")]
    public string? To { get; init; }
}

/// <summary>The filters of GET /api/booking-locations.</summary>
public sealed class BookingLocationFilters
{
    [FromQuery(Name = "from"), Description("Start of the window (RFC 3339, inclusive); default now.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("End of the window (RFC 3339, exclusive); default from + 7 days; at most 366 days after from.")]
    public string? To { get; init; }

    [FromQuery(Name = "cpo"), Description("Only BookingLocations of this CPO party, as CC-PID (e.g. NL-TNM).")]
    public string? Cpo { get; init; }

    [FromQuery(Name = "location_id"), Description("Only BookingLocations at this Location.id (case-insensitive).")]
    public string? LocationId { get; init; }
}
