using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tokens;

/// <summary>One of our tokens as the OCPI side serves it. Id is the stream key.</summary>
public sealed class TokenView
{
    public string Id { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string Uid { get; set; } = "";
    public string Type { get; set; } = "";
    public string? ContractId { get; set; }
    public bool Valid { get; set; }
    public string? Whitelist { get; set; }
    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>When we first stored it: the stable order of the OCPI token list (changes never move a token).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When we last changed it (server time): what a partner resync looks at.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public long Version { get; set; }
    public TokenPolicy Policy { get; set; } = TokenPolicy.None;

    /// <summary>The last change when it was a PATCH (pushed as a PATCH to partners holding the previous version).</summary>
    public JsonObject? LastPatch { get; set; }
    public JsonObject Token { get; set; } = [];

    public static string KeyOf(PartyRef owner, string uid, string type) => StreamKeys.For("token", owner, $"{type}:{uid}");

    public void Refresh()
    {
        ContractId = OcpiPayload.String(Token, "contract_id");
        Valid = Token["valid"] is JsonValue v && v.TryGetValue<bool>(out var valid) && valid;
        Whitelist = OcpiPayload.String(Token, "whitelist");
        LastUpdated = OcpiPayload.LastUpdated(Token);
    }
}

public sealed class TokenProjection : SingleStreamProjection<TokenView, string>
{
    public TokenView Create(IEvent<TokenIssued> e)
    {
        var view = new TokenView
        {
            Id = e.StreamKey!, CountryCode = e.Data.CountryCode, PartyId = e.Data.PartyId, Uid = e.Data.Uid, Type = e.Data.Type,
            CreatedAt = e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp, Token = (JsonObject)e.Data.Token.DeepClone(),
        };
        Changed(e, view);
        return view;
    }

    public void Apply(IEvent<TokenReplaced> e, TokenView view)
    {
        view.Token = (JsonObject)e.Data.Token.DeepClone();
        view.LastPatch = null;
        Changed(e, view);
    }

    public void Apply(IEvent<TokenPatched> e, TokenView view)
    {
        foreach (var (name, value) in e.Data.Patch) view.Token[name] = value?.DeepClone();
        view.LastPatch = (JsonObject)e.Data.Patch.DeepClone();
        Changed(e, view);
    }

    public void Apply(IEvent<TokenPolicySet> e, TokenView view)
    {
        view.Policy = e.Data.Policy;
        view.Version = e.Version;
    }

    private static void Changed(IEvent e, TokenView view)
    {
        view.Version = e.Version;
        view.ChangedAt = e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
        view.Refresh();
    }
}
