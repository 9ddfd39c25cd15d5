using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Bookings;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Bookings.Locations;

/// <summary>
/// BookingLocations RECEIVER (mod_bookings.asciidoc): GET, PUT and PATCH of a BookingLocation and of one of its Calendars.
/// Invariants, each checked before anything is stored:
/// <list type="bullet">
/// <item>the URL's party is one of the caller's (404 otherwise, other parties' objects stay invisible), the body's
/// country_code/party_id/id equal the URL's (2001);</item>
/// <item>a body passes its field table and the calendar rules (2001 naming the field), and so does the whole
/// BookingLocation a PATCH or a Calendar PUT would leave: a change never stores an object we would refuse whole;</item>
/// <item>PATCH and Calendar PUT never create a BookingLocation (404); a Calendar PATCH never creates a Calendar;</item>
/// <item>a push older than what we hold (last_updated of the BookingLocation, or of the Calendar for a Calendar push) is
/// answered 1000, recorded as <see cref="BookingLocationStaleUpdateIgnored"/> and not applied; equal timestamps are applied;</item>
/// <item>a Calendar push also sets the BookingLocation's last_updated (never back in time).</item>
/// </list>
/// A BookingLocation is one event stream; every event carries the request's metadata (partner, X-Request-ID...).
/// </summary>
public static class BookingLocationReceiver
{
    private const int IdLength = 36;
    private const int MaxAttempts = 3;

    public static async Task<IResult> GetAsync(HttpContext http, IQuerySession query, string country, string party, string id, string? calendarId)
    {
        if (Check(http, country, party, id, calendarId, out var owner) is { } refusal) return refusal;
        var view = await query.LoadAsync<BookingLocationView>(Key(owner, id), http.RequestAborted);
        if (view is null) return Unknown(owner, id);
        if (calendarId is null) return OcpiResults.Ok(view.BookingLocation);
        return BookingLocationTree.FindCalendar(view.BookingLocation, calendarId) is { } calendar
            ? OcpiResults.Ok(calendar)
            : UnknownCalendar(owner, id, calendarId);
    }

    public static async Task<IResult> PutAsync(HttpContext http, IDocumentStore store, string country, string party, string id)
    {
        if (Check(http, country, party, id, null, out var owner) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, BookingSchemas.BookingLocation, http.RequestAborted);
        if (failure is not null) return failure;
        if ((ObjectOwnership.CheckBodyOwner(body!, owner) ?? ObjectOwnership.CheckBodyId(body!, "id", id)) is { } mismatch) return mismatch;
        var lastUpdated = OcpiPayload.LastUpdated(body!);
        var partnerId = http.Caller().Partner.Id;

        return await WriteAsync(http, store, Key(owner, id), held =>
        {
            if (StalePush.IsStale(lastUpdated, held?.LastUpdated)) return Stale("PUT", null, lastUpdated, held!.LastUpdated, body!);
            var put = new BookingLocationPut(partnerId, OcpiPayload.String(body!, "country_code")!, OcpiPayload.String(body!, "party_id")!, id, lastUpdated, body!);
            return (put, OcpiResults.Ok(held is null ? StatusCodes.Status201Created : StatusCodes.Status200OK));
        });
    }

    public static async Task<IResult> PatchAsync(HttpContext http, IDocumentStore store, string country, string party, string id)
    {
        if (Check(http, country, party, id, null, out var owner) is { } refusal) return refusal;
        var (patch, failure) = await OcpiPayload.ReadPatchAsync(http.Request, BookingSchemas.BookingLocation, http.RequestAborted);
        if (failure is not null) return failure;
        if (PatchedIdentity(patch!, owner, ("id", id)) is { } mismatch) return mismatch;
        var lastUpdated = OcpiPayload.LastUpdated(patch!);

        return await WriteAsync(http, store, Key(owner, id), held =>
        {
            if (held is null) return (null, Unknown(owner, id));
            if (StalePush.IsStale(lastUpdated, held.LastUpdated)) return Stale("PATCH", null, lastUpdated, held.LastUpdated, patch!);
            var after = held.BookingLocation.DeepClone().AsObject();
            BookingLocationTree.Patch(after, patch!);
            return WholeObjectRefusal(http, after, "") is { } refused
                ? (null, refused)
                : (new BookingLocationPatched(id, lastUpdated, patch!), OcpiResults.Ok());
        });
    }

    public static async Task<IResult> PutCalendarAsync(HttpContext http, IDocumentStore store, string country, string party, string id, string calendarId)
    {
        if (Check(http, country, party, id, calendarId, out var owner) is { } refusal) return refusal;
        var (calendar, failure) = await OcpiPayload.ReadWholeAsync(http.Request, BookingSchemas.Calendar, http.RequestAborted);
        if (failure is not null) return failure;
        if (ObjectOwnership.CheckBodyId(calendar!, "id", calendarId) is { } mismatch) return mismatch;
        var lastUpdated = OcpiPayload.LastUpdated(calendar!);

        return await WriteAsync(http, store, Key(owner, id), held =>
        {
            if (held is null) return (null, Unknown(owner, id));
            var heldCalendar = BookingLocationTree.FindCalendar(held.BookingLocation, calendarId);
            if (heldCalendar is not null && StalePush.IsStale(lastUpdated, OcpiPayload.LastUpdated(heldCalendar)))
                return Stale("PUT", calendarId, lastUpdated, OcpiPayload.LastUpdated(heldCalendar), calendar!);
            var after = held.BookingLocation.DeepClone().AsObject();
            BookingLocationTree.PutCalendar(after, calendarId, calendar!);
            return WholeObjectRefusal(http, after, "the BookingLocation with this calendar: ") is { } refused
                ? (null, refused)
                : (new BookingCalendarPut(id, calendarId, lastUpdated, calendar!),
                    OcpiResults.Ok(heldCalendar is null ? StatusCodes.Status201Created : StatusCodes.Status200OK));
        });
    }

    public static async Task<IResult> PatchCalendarAsync(HttpContext http, IDocumentStore store, string country, string party, string id, string calendarId)
    {
        if (Check(http, country, party, id, calendarId, out var owner) is { } refusal) return refusal;
        var (patch, failure) = await OcpiPayload.ReadPatchAsync(http.Request, BookingSchemas.Calendar, http.RequestAborted);
        if (failure is not null) return failure;
        if (patch!["id"] is not null && ObjectOwnership.CheckBodyId(patch, "id", calendarId) is { } mismatch) return mismatch;
        var lastUpdated = OcpiPayload.LastUpdated(patch);

        return await WriteAsync(http, store, Key(owner, id), held =>
        {
            if (held is null) return (null, Unknown(owner, id));
            if (BookingLocationTree.FindCalendar(held.BookingLocation, calendarId) is not { } heldCalendar)
                return (null, UnknownCalendar(owner, id, calendarId));
            if (StalePush.IsStale(lastUpdated, OcpiPayload.LastUpdated(heldCalendar)))
                return Stale("PATCH", calendarId, lastUpdated, OcpiPayload.LastUpdated(heldCalendar), patch);
            var after = held.BookingLocation.DeepClone().AsObject();
            BookingLocationTree.PatchCalendar(after, calendarId, patch);
            return WholeObjectRefusal(http, after, "the BookingLocation with this calendar: ") is { } refused
                ? (null, refused)
                : (new BookingCalendarPatched(id, calendarId, lastUpdated, patch), OcpiResults.Ok());
        });
    }

    /// <summary>
    /// Reads the held view, lets <paramref name="decide"/> choose the event and the answer, and appends it with the
    /// request's metadata. Two pushes of one BookingLocation at once: the later commit meets a version conflict and is
    /// decided again on what the first stored.
    /// </summary>
    private static async Task<IResult> WriteAsync(HttpContext http, IDocumentStore store, string key,
        Func<BookingLocationView?, (object? Event, IResult Answer)> decide)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<BookingLocationView>(key, http.RequestAborted);
            var (change, answer) = decide(stream.Aggregate);
            if (change is null) return answer;
            stream.AppendOne(change);
            session.StampFromOcpiRequest(http, http.Caller().Partner.Id);
            try
            {
                await session.SaveChangesAsync(http.RequestAborted);
                return answer;
            }
            catch (Exception e) when (attempt < MaxAttempts && StreamWrite.IsWriteConflict(e))
            {
            }
        }
    }

    /// <summary>A push older than what we hold is recorded (the audit trail keeps what the CPO said), not applied, answered 1000.</summary>
    private static (object?, IResult) Stale(string method, string? calendarId, DateTimeOffset received, DateTimeOffset held, JsonObject payload) =>
        (new BookingLocationStaleUpdateIgnored(method, calendarId, received, held, payload), StalePush.Answer(received, held));

    /// <summary>The BookingLocation a change would leave, against its table, the calendar rules and the size caps.</summary>
    private static IResult? WholeObjectRefusal(HttpContext http, JsonObject after, string prefix)
    {
        var element = JsonSerializer.SerializeToElement(after);
        var result = BookingSchemas.BookingLocation.Validate(element);
        if (!result.IsValid) return OcpiResults.InvalidParameters(prefix + result.Describe());
        return OcpiPayload.OverLimits(OcpiPayload.Limits(http), BookingSchemas.BookingLocation, element, prefix);
    }

    /// <summary>A PATCH may repeat the object's identity, not change it.</summary>
    private static IResult? PatchedIdentity(JsonObject patch, PartyRef owner, (string Field, string Value) id)
    {
        if ((patch["country_code"] is not null || patch["party_id"] is not null) &&
            ObjectOwnership.CheckBodyOwner(WithDefaults(patch, owner), owner) is { } other)
            return other;
        return patch[id.Field] is not null ? ObjectOwnership.CheckBodyId(patch, id.Field, id.Value) : null;
    }

    private static JsonObject WithDefaults(JsonObject patch, PartyRef owner) => new()
    {
        ["country_code"] = patch["country_code"]?.DeepClone() ?? owner.CountryCode,
        ["party_id"] = patch["party_id"]?.DeepClone() ?? owner.PartyId,
    };

    private static IResult? Check(HttpContext http, string country, string party, string id, string? calendarId, out PartyRef owner) =>
        calendarId is null
            ? ObjectOwnership.Check(http, country, party, out owner, ("booking_location_id", id, IdLength))
            : ObjectOwnership.Check(http, country, party, out owner, ("booking_location_id", id, IdLength), ("calendar_id", calendarId, IdLength));

    public static string Key(PartyRef owner, string id) => StreamKeys.For(BookingLocationView.Kind, owner, id);

    private static IResult Unknown(PartyRef owner, string id) =>
        OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown booking location {owner}/{id}");

    private static IResult UnknownCalendar(PartyRef owner, string id, string calendarId) =>
        OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown calendar {calendarId} of booking location {owner}/{id}");
}
