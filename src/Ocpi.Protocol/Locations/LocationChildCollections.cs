using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Locations;

/// <summary>
/// A list field of a Locations object whose elements are objects identified by <paramref name="IdField"/> (compared
/// case-insensitively: CiString). <paramref name="IsUrlLevel"/>: the element can itself be PUT/PATCHed by URL
/// (<c>/{location_id}/{evse_uid}/{connector_id}</c>).
/// </summary>
public sealed record ChildCollection(ObjectSchema Parent, string Field, ObjectSchema Child, string IdField, bool IsUrlLevel);

/// <summary>
/// The child collections of the Locations module, for a receiver that merges PATCH bodies: a list present in a PATCH replaces
/// the whole list; children addressed by URL are replaced or patched on their own. Listing only; merging is the service's job.
/// </summary>
public static class LocationChildCollections
{
    public static ChildCollection Evses { get; } = new(LocationSchemas.Location, "evses", LocationSchemas.Evse, "uid", IsUrlLevel: true);

    public static ChildCollection Connectors { get; } =
        new(LocationSchemas.Evse, "connectors", LocationSchemas.Connector, "id", IsUrlLevel: true);

    /// <summary>New in 2.3.0; referenced from <c>EVSE.parking[].parking_id</c>, not addressable by URL.</summary>
    public static ChildCollection ParkingPlaces { get; } =
        new(LocationSchemas.Location, "parking_places", LocationSchemas.Parking, "id", IsUrlLevel: false);

    public static IReadOnlyList<ChildCollection> All { get; } = [Evses, Connectors, ParkingPlaces];

    /// <summary>The child collections of <paramref name="parent"/> (none for Connector and the data types).</summary>
    public static IReadOnlyList<ChildCollection> Of(ObjectSchema parent) => All.Where(c => ReferenceEquals(c.Parent, parent)).ToList();
}
