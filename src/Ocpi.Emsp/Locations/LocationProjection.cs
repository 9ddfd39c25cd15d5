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
        LocationTree.PutEvse(view.Location, e.Data.EvseUid, e.Data.Evse);
        Done(e, view);
    }

    public void Apply(IEvent<ConnectorPut> e, LocationView view)
    {
        LocationTree.PutConnector(view.Location, e.Data.EvseUid, e.Data.ConnectorId, e.Data.Connector);
        Done(e, view);
    }

    public void Apply(IEvent<LocationPatched> e, LocationView view)
    {
        LocationTree.PatchLocation(view.Location, e.Data.Patch);
        Done(e, view);
    }

    public void Apply(IEvent<EvsePatched> e, LocationView view)
    {
        LocationTree.PatchEvse(view.Location, e.Data.EvseUid, e.Data.Patch);
        Done(e, view);
    }

    public void Apply(IEvent<ConnectorPatched> e, LocationView view)
    {
        LocationTree.PatchConnector(view.Location, e.Data.EvseUid, e.Data.ConnectorId, e.Data.Patch);
        Done(e, view);
    }

    public void Apply(IEvent<LocationStaleUpdateIgnored> e, LocationView view) => view.Version = e.Version;

    private static void Done(IEvent e, LocationView view)
    {
        view.Version = e.Version;
        if (e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) view.PartnerId = partner?.ToString();
        view.Refresh();
    }
}
