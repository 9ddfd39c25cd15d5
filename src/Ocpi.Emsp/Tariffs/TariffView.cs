using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi.Receivers;

namespace Ocpi.Emsp.Tariffs;

/// <summary>The current Tariff as we hold it (kept after a DELETE, flagged, for sessions and CDRs that refer to it).</summary>
public sealed class TariffView : IHeldObject
{
    bool IHeldObject.Exists => !Deleted;
    System.Text.Json.Nodes.JsonObject IHeldObject.Object => Tariff;

    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string TariffId { get; set; } = "";
    public string? PartnerId { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
    public string? Currency { get; set; }
    public string? Type { get; set; }
    public bool Deleted { get; set; }
    public long Version { get; set; }
    public JsonObject Tariff { get; set; } = [];
}

/// <summary>Inline: the receiver's GET must see a push the moment it is answered.</summary>
public sealed class TariffProjection : SingleStreamProjection<TariffView, string>
{
    public TariffView Create(IEvent<TariffPut> e)
    {
        var view = new TariffView { Id = e.StreamKey!, CountryCode = e.Data.CountryCode, PartyId = e.Data.PartyId, TariffId = e.Data.TariffId };
        Apply(e, view);
        return view;
    }

    public void Apply(IEvent<TariffPut> e, TariffView view)
    {
        view.Tariff = (JsonObject)e.Data.Tariff.DeepClone();
        view.LastUpdated = OcpiPayload.LastUpdated(view.Tariff);
        view.Currency = OcpiPayload.String(view.Tariff, "currency");
        view.Type = OcpiPayload.String(view.Tariff, "type");
        view.Deleted = false;
        view.Version = e.Version;
        if (e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) view.PartnerId = partner?.ToString();
    }

    public void Apply(IEvent<TariffDeleted> e, TariffView view)
    {
        view.Deleted = true;
        view.Version = e.Version;
    }

    public void Apply(IEvent<TariffStaleUpdateIgnored> e, TariffView view) => view.Version = e.Version;
}
