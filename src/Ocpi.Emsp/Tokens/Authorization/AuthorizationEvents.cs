using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// A real-time authorization we answered: who asked (partner, OCPI-from party), for which token and location/EVSEs,
/// what we decided. Stream: authorization:{reference}; sessions and CDRs carry the reference back.
/// </summary>
public sealed record AuthorizationDecided(
    string Reference,
    string TokenKey,
    string Uid,
    string Type,
    string? ContractId,
    string PartnerId,
    string? RequestedBy,
    JsonObject? RequestedLocation,
    string Allowed,
    JsonObject? GrantedLocation,
    bool ReferenceGiven);

/// <summary>The decision behind an authorization_reference, for matching sessions and CDRs.</summary>
public sealed class AuthorizationView
{
    public static string StreamKey(string reference) => $"authorization:{reference}";

    /// <summary>The stream key, authorization:{reference}.</summary>
    public string Id { get; set; } = "";
    public string Reference { get; set; } = "";
    public string TokenKey { get; set; } = "";
    public string? ContractId { get; set; }
    public string PartnerId { get; set; } = "";
    public string Allowed { get; set; } = "";
    public string? LocationId { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

public sealed class AuthorizationProjection : Marten.Events.Aggregation.SingleStreamProjection<AuthorizationView, string>
{
    public AuthorizationView Create(JasperFx.Events.IEvent<AuthorizationDecided> e) => new()
    {
        Id = e.StreamKey!,
        Reference = e.Data.Reference,
        TokenKey = e.Data.TokenKey,
        ContractId = e.Data.ContractId,
        PartnerId = e.Data.PartnerId,
        Allowed = e.Data.Allowed,
        LocationId = e.Data.RequestedLocation?["location_id"]?.GetValue<string>(),
        DecidedAt = e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp,
    };
}
