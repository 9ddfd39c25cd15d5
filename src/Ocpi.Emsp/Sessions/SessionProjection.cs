using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Sessions;

/// <summary>Inline: the receiver's GET and the next PATCH must see a push the moment it is answered.</summary>
public sealed class SessionProjection : SingleStreamProjection<SessionView, string>
{
    public SessionView Create(IEvent<SessionPut> e)
    {
        var view = new SessionView { Id = e.StreamKey!, CountryCode = e.Data.CountryCode, PartyId = e.Data.PartyId, SessionId = e.Data.SessionId };
        Apply(e, view);
        return view;
    }

    public void Apply(IEvent<SessionPut> e, SessionView view)
    {
        view.Session = (JsonObject)e.Data.Session.DeepClone();
        Done(e, view);
    }

    public void Apply(IEvent<SessionPatched> e, SessionView view)
    {
        SessionTree.Patch(view.Session, e.Data.Patch);
        Done(e, view);
    }

    public void Apply(IEvent<SessionStaleUpdateIgnored> e, SessionView view) => view.Version = e.Version;

    private static void Done(IEvent e, SessionView view)
    {
        view.Version = e.Version;
        if (e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) view.PartnerId = partner?.ToString();
        view.Refresh();
    }
}
