using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>
/// One billing line per CDR: who charged whom, where, when, how much, at what stated cost, and whether that cost is
/// what the CPO's own tariff says (<see cref="CostCheck"/>). Id is the CDR's stream key. A credit CDR is a line of its
/// own (<see cref="Credit"/>, <see cref="CreditReferenceId"/>); totals net it out against the line it credits.
/// Absent values are written as null (not omitted): the line's JSON shape is a contract of the billing API.
/// </summary>
public sealed class BillingLine
{
    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string CdrId { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? PartnerId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? LocationId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? EvseUid { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? ConnectorId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? TokenUid { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? TokenType { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? ContractId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? AuthMethod { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? AuthorizationReference { get; set; }
    public DateTimeOffset StartDateTime { get; set; }
    public DateTimeOffset EndDateTime { get; set; }
    /// <summary>kWh.</summary>
    public decimal TotalEnergy { get; set; }
    /// <summary>Hours.</summary>
    public decimal TotalTime { get; set; }
    /// <summary>Hours; null when the CDR states none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public decimal? TotalParkingTime { get; set; }
    public string Currency { get; set; } = "";
    public Price TotalCost { get; set; } = Price.Zero;
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Price? TotalEnergyCost { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Price? TotalTimeCost { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Price? TotalParkingCost { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Price? TotalFixedCost { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Price? TotalReservationCost { get; set; }
    public IReadOnlyList<string> TariffIds { get; set; } = [];
    public bool Credit { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? CreditReferenceId { get; set; }
    /// <summary>UTC month of end_date_time (yyyy-MM).</summary>
    public string Month { get; set; } = "";
    /// <summary>Month of end_date_time in the billing time zone (<see cref="BillingTimeZone"/>).</summary>
    public string BillingMonth { get; set; } = "";
    /// <summary>The cost check's verdict; null until the CDR has been checked.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Verdict { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public CostCheck? CostCheck { get; set; }

    /// <summary>The line of a CDR as received (validated by the CDR receiver; read leniently all the same).</summary>
    public static BillingLine From(string id, CdrReceived e, string? partnerId, BillingTimeZone zone)
    {
        var cdr = e.Cdr;
        var figures = CdrView.FiguresOf(e);
        var token = cdr["cdr_token"] as JsonObject;
        var location = cdr["cdr_location"] as JsonObject;
        return new BillingLine
        {
            Id = id,
            CountryCode = e.CountryCode.ToUpperInvariant(),
            PartyId = e.PartyId.ToUpperInvariant(),
            CdrId = e.CdrId,
            PartnerId = partnerId,
            LocationId = figures.LocationId,
            EvseUid = location is null ? null : OcpiPayload.String(location, "evse_uid"),
            ConnectorId = location is null ? null : OcpiPayload.String(location, "connector_id"),
            TokenUid = figures.TokenUid,
            TokenType = token is null ? null : OcpiPayload.String(token, "type"),
            ContractId = figures.ContractId,
            AuthMethod = OcpiPayload.String(cdr, "auth_method"),
            AuthorizationReference = figures.AuthorizationReference,
            StartDateTime = figures.StartDateTime,
            EndDateTime = figures.EndDateTime,
            TotalEnergy = figures.TotalEnergy,
            TotalTime = figures.TotalTime,
            TotalParkingTime = OcpiPayload.Number(cdr["total_parking_time"]),
            Currency = figures.Currency ?? "",
            TotalCost = OcpiPayload.Price(cdr["total_cost"]) ?? Price.Zero,
            TotalEnergyCost = OcpiPayload.Price(cdr["total_energy_cost"]),
            TotalTimeCost = OcpiPayload.Price(cdr["total_time_cost"]),
            TotalParkingCost = OcpiPayload.Price(cdr["total_parking_cost"]),
            TotalFixedCost = OcpiPayload.Price(cdr["total_fixed_cost"]),
            TotalReservationCost = OcpiPayload.Price(cdr["total_reservation_cost"]),
            TariffIds = [.. (cdr["tariffs"] as JsonArray ?? []).OfType<JsonObject>().Select(t => OcpiPayload.String(t, "id")).OfType<string>()],
            Credit = figures.Credit,
            CreditReferenceId = figures.CreditReferenceId,
            Month = BillingTimeZone.UtcMonthOf(figures.EndDateTime),
            BillingMonth = zone.MonthOf(figures.EndDateTime),
        };
    }
}
