using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Bookings.Locations;

/// <summary>A BookingLocation as the CPO last described it, with its calendars (inline projection). Id is the stream key.</summary>
public sealed class BookingLocationView
{
    public const string Kind = "bookinglocation";

    public string Id { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string BookingLocationId { get; set; } = "";

    /// <summary>The Location.id it books at: what the internal API filters on.</summary>
    public string LocationId { get; set; } = "";

    /// <summary>LocationId upper-cased (a CiString): the column the location_id filter compares.</summary>
    public string LocationKey { get; set; } = "";

    /// <summary>The BookingLocation's last_updated (the newest of its own and its calendars' changes).</summary>
    public DateTimeOffset LastUpdated { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The BookingLocation as the CPO sent it, changes applied: what the CPO's GET gets back.</summary>
    public JsonObject BookingLocation { get; set; } = [];
    public long Version { get; set; }
}
