using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Ocpi.Emsp.Hub;

/// <summary>One party (in one role) behind a Hub, as the Hub last reported it (inline projection). Id is the stream key.</summary>
public sealed class HubPartyView
{
    public string Id { get; set; } = "";
    public string HubPartnerId { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";

    /// <summary>"NL-TNM": what the list and the command check filter on.</summary>
    public string PartyKey { get; set; } = "";
    public string Role { get; set; } = "";
    public string Status { get; set; } = "";

    /// <summary>The Hub's last_updated: when the status last changed on the Hub's side.</summary>
    public DateTimeOffset LastUpdated { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The ClientInfo exactly as the Hub sent it: what the Hub's GET gets back.</summary>
    public JsonObject ClientInfo { get; set; } = [];

    /// <summary>When a CONNECTED-again report last enrolled a catch-up pull of the Hub (null: never).</summary>
    public DateTimeOffset? CatchUpPullRequestedAt { get; set; }
    public long Version { get; set; }

    public static string StreamKey(string hubPartnerId, string countryCode, string partyId, string role) =>
        $"hubparty:{hubPartnerId}:{countryCode}:{partyId}:{role}".ToUpperInvariant();

    public static string KeyOf(string countryCode, string partyId) => $"{countryCode}-{partyId}".ToUpperInvariant();
}

public sealed class HubPartyProjection : SingleStreamProjection<HubPartyView, string>
{
    public HubPartyView Create(IEvent<ClientInfoReceived> e)
    {
        var view = new HubPartyView { Id = e.StreamKey! };
        Apply(e, view);
        return view;
    }

    public void Apply(IEvent<ClientInfoReceived> e, HubPartyView view)
    {
        view.HubPartnerId = e.Data.HubPartnerId;
        view.CountryCode = e.Data.CountryCode;
        view.PartyId = e.Data.PartyId;
        view.PartyKey = HubPartyView.KeyOf(e.Data.CountryCode, e.Data.PartyId);
        view.Role = e.Data.Role;
        view.Status = e.Data.Status;
        view.LastUpdated = e.Data.LastUpdated;
        view.ReceivedAt = e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
        view.ClientInfo = e.Data.ClientInfo.DeepClone().AsObject();
        view.Version = e.Version;
    }

    public void Apply(IEvent<HubPartyCatchUpPullRequested> e, HubPartyView view)
    {
        view.CatchUpPullRequestedAt = e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
        view.Version = e.Version;
    }
}
