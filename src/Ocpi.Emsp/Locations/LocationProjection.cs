using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Locations;

/// <summary>Inline: the receiver's GET and the next PATCH must see a push the moment it is answered.</summary>
public sealed class LocationProjection : SingleStreamProjection<LocationView, string>
{
    public LocationView Create(IEvent<LocationPut> e)
    {
        var view = new LocationView
        {
            Id = e.StreamKey!,
            CountryCode = e.Data.CountryCode,
            PartyId = e.Data.PartyId,
            LocationId = e.Data.LocationId,
        };
        Apply(e, view);
        return view;
    }

    public void Apply(IEvent<LocationPut> e, LocationView view)
    {
        view.Location = (System.Text.Json.Nodes.JsonObject)e.Data.Location.DeepClone();
        Done(e, view);
    }

    public void Apply(IEvent<EvsePut> e, LocationView view)
    {
        ApplyTo(view.Location, e.Data);
        Done(e, view);
    }

    public void Apply(IEvent<ConnectorPut> e, LocationView view)
    {
        ApplyTo(view.Location, e.Data);
        Done(e, view);
    }

    public void Apply(IEvent<LocationPatched> e, LocationView view)
    {
        ApplyTo(view.Location, e.Data);
        Done(e, view);
    }

    public void Apply(IEvent<EvsePatched> e, LocationView view)
    {
        ApplyTo(view.Location, e.Data);
        Done(e, view);
    }

    public void Apply(IEvent<ConnectorPatched> e, LocationView view)
    {
        ApplyTo(view.Location, e.Data);
        Done(e, view);
    }

    public void Apply(IEvent<LocationStaleUpdateIgnored> e, LocationView view) => view.Version = e.Version;

    /// <summary>Applies a change event to a Location tree (the same rules the projection uses).</summary>
    public static void ApplyTo(System.Text.Json.Nodes.JsonObject location, object change)
    {
        switch (change)
        {
            case EvsePut e: LocationTree.PutEvse(location, e.EvseUid, e.Evse); break;
            case ConnectorPut c: LocationTree.PutConnector(location, c.EvseUid, c.ConnectorId, c.Connector); break;
            case LocationPatched p: LocationTree.PatchLocation(location, p.Patch); break;
            case EvsePatched p: LocationTree.PatchEvse(location, p.EvseUid, p.Patch); break;
            case ConnectorPatched p: LocationTree.PatchConnector(location, p.EvseUid, p.ConnectorId, p.Patch); break;
        }
    }

    private static void Done(IEvent e, LocationView view)
    {
        view.Version = e.Version;
        if (e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) view.PartnerId = partner?.ToString();
        view.Refresh();
    }
}
