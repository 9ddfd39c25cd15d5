using Marten;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Common;
using CredentialsObject = Ocpi.Protocol.Credentials.Credentials;

namespace Ocpi.Emsp.Credentials;

/// <summary>Rules of the Credentials object that a field table cannot express.</summary>
public static class CredentialsRules
{
    /// <summary>Each role must be unique by role + party_id + country_code; hub_party_id is country code + party id.</summary>
    public static string? Check(CredentialsObject credentials)
    {
        var duplicate = credentials.Roles
            .GroupBy(r => (r.Role, Party: new PartyRef(r.CountryCode, r.PartyId)))
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return $"roles: {duplicate.Key.Role} {duplicate.Key.Party} appears more than once";
        if (credentials.HubPartyId is { } hub && hub.Length != 5)
            return "hub_party_id: must be the country code (2) and party id (3) of the Hub, e.g. NLHUB";
        return null;
    }

    /// <summary>
    /// A party may be served by one connection only: otherwise a second connection could write under its identity.
    /// Returns the first party of <paramref name="credentials"/> already registered by another partner.
    /// </summary>
    public static async Task<PartyRef?> FindPartyTakenByAnotherPartner(IQuerySession session, string partnerId,
        CredentialsObject credentials, CancellationToken ct)
    {
        var others = await session.Query<Partner>()
            .Where(p => p.Status == PartnerStatus.Registered && p.Id != partnerId)
            .ToListAsync(ct);
        var taken = others.SelectMany(p => p.Parties).ToHashSet();
        return credentials.Roles.Select(r => new PartyRef(r.CountryCode, r.PartyId)).FirstOrDefault(taken.Contains) is { CountryCode: not null } party
            ? party
            : null;
    }
}
