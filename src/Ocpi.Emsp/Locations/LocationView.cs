using System.Globalization;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Locations;

/// <summary>The current Location as we hold it, plus the fields our queries filter on. Id is the stream key.</summary>
public sealed class LocationView : IHeldObject
{
    bool IHeldObject.Exists => true;
    System.Text.Json.Nodes.JsonObject IHeldObject.Object => Location;

    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string LocationId { get; set; } = "";
    public string? PartnerId { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
    public string? Name { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public int EvseCount { get; set; }
    public int RemovedEvseCount { get; set; }
    public long Version { get; set; }

    /// <summary>The Location object, exactly as the pushes built it (unknown fields included).</summary>
    public JsonObject Location { get; set; } = [];

    /// <summary>Re-derives the query fields from <see cref="Location"/>.</summary>
    public void Refresh()
    {
        LastUpdated = OcpiPayload.LastUpdated(Location);
        Name = OcpiPayload.String(Location, "name");
        City = OcpiPayload.String(Location, "city");
        Country = OcpiPayload.String(Location, "country");
        var coordinates = Location["coordinates"] as JsonObject;
        Latitude = ParseCoordinate(coordinates, "latitude");
        Longitude = ParseCoordinate(coordinates, "longitude");
        var evses = LocationTree.Evses(Location).OfType<JsonObject>().ToList();
        EvseCount = evses.Count;
        RemovedEvseCount = evses.Count(e => OcpiPayload.String(e, "status") == "REMOVED");
    }

    private static double? ParseCoordinate(JsonObject? coordinates, string field) =>
        coordinates is not null && double.TryParse(OcpiPayload.String(coordinates, field), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
