using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Sessions;

/// <summary>The current Session as we hold it, plus the fields our queries filter on. Id is the stream key.</summary>
public sealed class SessionView : IHeldObject
{
    bool IHeldObject.Exists => true;
    System.Text.Json.Nodes.JsonObject IHeldObject.Object => Session;

    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string? PartnerId { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
    public string? Status { get; set; }
    public DateTimeOffset? StartDateTime { get; set; }
    public DateTimeOffset? EndDateTime { get; set; }
    public string? TokenUid { get; set; }
    public string? ContractId { get; set; }
    public string? AuthorizationReference { get; set; }
    public string? LocationId { get; set; }
    public string? EvseUid { get; set; }
    public decimal? Kwh { get; set; }
    public string? Currency { get; set; }
    public decimal? TotalCostBeforeTaxes { get; set; }
    public long Version { get; set; }

    /// <summary>The Session object, exactly as the pushes built it (unknown fields included).</summary>
    public JsonObject Session { get; set; } = [];

    public void Refresh()
    {
        LastUpdated = OcpiPayload.LastUpdated(Session);
        Status = OcpiPayload.String(Session, "status");
        StartDateTime = Date(Session, "start_date_time");
        EndDateTime = Date(Session, "end_date_time");
        var token = Session["cdr_token"] as JsonObject;
        TokenUid = token is null ? null : OcpiPayload.String(token, "uid");
        ContractId = token is null ? null : OcpiPayload.String(token, "contract_id");
        AuthorizationReference = OcpiPayload.String(Session, "authorization_reference");
        LocationId = OcpiPayload.String(Session, "location_id");
        EvseUid = OcpiPayload.String(Session, "evse_uid");
        Kwh = OcpiPayload.Number(Session["kwh"]);
        Currency = OcpiPayload.String(Session, "currency");
        TotalCostBeforeTaxes = OcpiPayload.Number(Session["total_cost"]?["before_taxes"]);
    }

    private static DateTimeOffset? Date(JsonObject o, string field) =>
        OcpiDateTime.TryParse(OcpiPayload.String(o, field), out var value) ? value : null;
}
