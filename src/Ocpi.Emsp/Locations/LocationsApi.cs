using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Locations;

/// <summary>Internal API: the Locations our CPOs pushed, listed with filters, one by one, and their history.</summary>
public static class LocationsApi
{
    public static void MapLocationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/locations").WithTags("Locations");
        api.MapGet("", ListAsync).WithName("ListLocations")
            .WithSummary("Locations, paged, ordered by last_updated then id; filters combine with AND");
        api.MapOwnedObjectReads<LocationView>("location", "location_id", "Location");
    }

    private static async Task<Results<Ok<Page<LocationView>>, ValidationProblem>> ListAsync([AsParameters] PageParameters paging,
        [AsParameters] OwnerParameters owner, [AsParameters] LocationFilters filters, IQuerySession session, CancellationToken ct)
    {
        var check = new QueryCheck();
        var window = check.Page(paging);
        var party = check.Owner(owner);
        var since = check.Instant("updated_since", filters.UpdatedSince);
        var country = filters.Country;
        if (!string.IsNullOrWhiteSpace(country) && (country.Length != 3 || !country.All(char.IsAsciiLetter)))
            check.Fail("country", "must be an ISO 3166-1 alpha-3 code");
        var box = GeoBox.Parse(check, filters);
        if (check.Problem is { } problem) return problem;

        var query = session.Query<LocationView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(filters.PartnerId)) query = query.Where(l => l.PartnerId == filters.PartnerId);
        if (party?.KeyPrefix("location") is { } prefix) query = query.Where(l => l.Id.StartsWith(prefix));
        if (since is { } from) query = query.Where(l => l.LastUpdated >= from);
        if (!string.IsNullOrWhiteSpace(filters.City))
        {
            var city = filters.City.ToLowerInvariant();
            query = query.Where(l => l.City!.ToLower() == city);
        }
        if (!string.IsNullOrWhiteSpace(country))
        {
            var iso = country.ToUpperInvariant();
            query = query.Where(l => l.Country == iso);
        }
        if (box is { } b)
            query = query.Where(l => l.Latitude >= b.MinLat && l.Latitude <= b.MaxLat && l.Longitude >= b.MinLon && l.Longitude <= b.MaxLon);

        return TypedResults.Ok(await query.ToPageAsync(q => q.OrderBy(l => l.LastUpdated).ThenBy(l => l.Id), window, ct));
    }

    /// <summary>A latitude/longitude box, bounds inclusive; the four parameters go together.</summary>
    private sealed record GeoBox(double MinLat, double MaxLat, double MinLon, double MaxLon)
    {
        public static GeoBox? Parse(QueryCheck check, LocationFilters f)
        {
            (string Name, string? Text)[] given = [("min_lat", f.MinLat), ("max_lat", f.MaxLat), ("min_lon", f.MinLon), ("max_lon", f.MaxLon)];
            var present = given.Count(g => !string.IsNullOrWhiteSpace(g.Text));
            if (present == 0) return null;
            if (present < 4)
            {
                foreach (var (name, _) in given.Where(g => string.IsNullOrWhiteSpace(g.Text)))
                    check.Fail(name, "min_lat, max_lat, min_lon and max_lon go together");
                return null;
            }
            var minLat = check.Number("min_lat", f.MinLat, -90, 90);
            var maxLat = check.Number("max_lat", f.MaxLat, -90, 90);
            var minLon = check.Number("min_lon", f.MinLon, -180, 180);
            var maxLon = check.Number("max_lon", f.MaxLon, -180, 180);
            if (minLat is null || maxLat is null || minLon is null || maxLon is null) return null;
            if (maxLat < minLat) check.Fail("max_lat", "must not be below min_lat");
            if (maxLon < minLon) check.Fail("max_lon", "must not be below min_lon (boxes across the antimeridian are not supported)");
            return new GeoBox(minLat.Value, maxLat.Value, minLon.Value, maxLon.Value);
        }
    }
}

/// <summary>The Location filters of GET /api/locations.</summary>
public sealed class LocationFilters
{
    [FromQuery(Name = "partner_id"), Description("Only Locations pushed by this partner.")]
    public string? PartnerId { get; init; }

    [FromQuery(Name = "updated_since"), Description("Only Locations with last_updated at or after this RFC 3339 date-time.")]
    public string? UpdatedSince { get; init; }

    [FromQuery(Name = "city"), Description("City, compared case-insensitively.")]
    public string? City { get; init; }

    [FromQuery(Name = "country"), Description("ISO 3166-1 alpha-3 country code.")]
    public string? Country { get; init; }

    [FromQuery(Name = "min_lat"), Description("Geo box (all four together): southern latitude, inclusive.")]
    public string? MinLat { get; init; }

    [FromQuery(Name = "max_lat"), Description("Geo box: northern latitude, inclusive.")]
    public string? MaxLat { get; init; }

    [FromQuery(Name = "min_lon"), Description("Geo box: western longitude, inclusive.")]
    public string? MinLon { get; init; }

    [FromQuery(Name = "max_lon"), Description("Geo box: eastern longitude, inclusive.")]
    public string? MaxLon { get; init; }
}
