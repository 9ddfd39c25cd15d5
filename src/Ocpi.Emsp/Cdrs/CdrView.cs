using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Cdrs;

/// <summary>A CDR as received, plus the fields billing queries filter and sum on. Id is the stream key.</summary>
public sealed class CdrView : IStreamView
{
    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string CdrId { get; set; } = "";
    public string? PartnerId { get; set; }
    public DateTimeOffset StartDateTime { get; set; }
    public DateTimeOffset EndDateTime { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
    public string? ContractId { get; set; }
    public string? TokenUid { get; set; }
    public string? AuthorizationReference { get; set; }
    public string? SessionId { get; set; }
    public string? LocationId { get; set; }
    public string? Currency { get; set; }
    public decimal TotalEnergy { get; set; }
    public decimal TotalTime { get; set; }
    public decimal TotalParkingTime { get; set; }
    public decimal TotalCostBeforeTaxes { get; set; }
    public decimal TotalCostTaxes { get; set; }
    public bool Credit { get; set; }
    public string? CreditReferenceId { get; set; }
    public long Version { get; set; }

    /// <summary>The latest cost check of this CDR (null until the daemon has checked it).</summary>
    public CostCheck? CostCheck { get; set; }
    public JsonObject Cdr { get; set; } = [];

    public static CdrView From(string id, CdrReceived e) => Build(id, e, keepCdr: true);

    /// <summary>The figures of a CDR without a copy of the CDR object itself (for sums over many CDRs).</summary>
    public static CdrView FiguresOf(CdrReceived e) => Build("", e, keepCdr: false);

    public static DateTimeOffset EndDateTimeOf(CdrReceived e) => Date(e.Cdr, "end_date_time");

    private static CdrView Build(string id, CdrReceived e, bool keepCdr)
    {
        var cdr = e.Cdr;
        var token = cdr["cdr_token"] as JsonObject;
        var location = cdr["cdr_location"] as JsonObject;
        var totalCost = cdr["total_cost"] as JsonObject;
        return new CdrView
        {
            Id = id,
            CountryCode = e.CountryCode,
            PartyId = e.PartyId,
            CdrId = e.CdrId,
            StartDateTime = Date(cdr, "start_date_time"),
            EndDateTime = Date(cdr, "end_date_time"),
            LastUpdated = OcpiPayload.LastUpdated(cdr),
            ContractId = token is null ? null : OcpiPayload.String(token, "contract_id"),
            TokenUid = token is null ? null : OcpiPayload.String(token, "uid"),
            AuthorizationReference = OcpiPayload.String(cdr, "authorization_reference"),
            SessionId = OcpiPayload.String(cdr, "session_id"),
            LocationId = location is null ? null : OcpiPayload.String(location, "id"),
            Currency = OcpiPayload.String(cdr, "currency"),
            TotalEnergy = OcpiPayload.Number(cdr["total_energy"]) ?? 0,
            TotalTime = OcpiPayload.Number(cdr["total_time"]) ?? 0,
            TotalParkingTime = OcpiPayload.Number(cdr["total_parking_time"]) ?? 0,
            TotalCostBeforeTaxes = OcpiPayload.Number(totalCost?["before_taxes"]) ?? 0,
            TotalCostTaxes = (totalCost?["taxes"] as JsonArray ?? []).Sum(t => OcpiPayload.Number(t?["amount"]) ?? 0),
            Credit = cdr["credit"] is JsonValue credit && credit.TryGetValue<bool>(out var isCredit) && isCredit,
            CreditReferenceId = OcpiPayload.String(cdr, "credit_reference_id"),
            Cdr = keepCdr ? (JsonObject)cdr.DeepClone() : [],
        };
    }

    private static DateTimeOffset Date(JsonObject o, string field) =>
        OcpiDateTime.TryParse(OcpiPayload.String(o, field), out var value) ? value : default;
}

/// <summary>Inline: the CDR is readable at its Location URL as soon as the POST is answered.</summary>
public sealed class CdrProjection : SingleStreamProjection<CdrView, string>
{
    public CdrView Create(IEvent<CdrReceived> e)
    {
        var view = CdrView.From(e.StreamKey!, e.Data);
        if (e.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) view.PartnerId = partner?.ToString();
        view.Version = e.Version;
        return view;
    }

    public void Apply(IEvent<CdrRedelivered> e, CdrView view) => view.Version = e.Version;

    /// <summary>
    /// Appended by the cost check through a Marten session: the view's version must follow, since the group commit
    /// appends the next event of the stream at the version the view states.
    /// </summary>
    public void Apply(IEvent<CdrCostChecked> e, CdrView view)
    {
        view.Version = e.Version;
        view.CostCheck = e.Data.Check;
    }
}
