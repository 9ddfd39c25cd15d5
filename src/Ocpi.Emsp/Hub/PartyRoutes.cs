using Marten;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.HubClientInfo;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Hub;

/// <summary>
/// How a request reaches one party: through <see cref="Partner"/>, addressed (OCPI-to) to <see cref="To"/>, the party
/// itself also when the partner is a Hub in front of it. <see cref="ReportedByHub"/> is what that Hub last said about the
/// party, when the partner is a Hub that said anything.
/// </summary>
public sealed record PartyRoute(Partner Partner, PartyRef To, HubPartyView? ReportedByHub)
{
    /// <summary>Why a request over this route can only fail (the Hub reports the party OFFLINE, PLANNED or SUSPENDED); null otherwise.</summary>
    public string? Unreachable => ReportedByHub is { Status: not HubClientInfoSchemas.Connected } held
        ? $"{To} is {held.Status} according to its Hub (since {held.LastUpdated:O})"
        : null;
}

/// <summary>
/// The one answer to "how do we reach party X in role R" (transport_and_format.asciidoc, message routing): a registered
/// partner whose credentials roles include the party (in that role first), else a registered Hub that reported the party
/// in that role through ClientInfo (CONNECTED first, then the most recent report). Either way the request is addressed to
/// the party itself; a Hub forwards it by the OCPI-to headers.
/// </summary>
public static class PartyRoutes
{
    public static async Task<PartyRoute?> FindAsync(IQuerySession session, PartyRef party, string role, CancellationToken ct)
    {
        var partners = await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered).ToListAsync(ct);
        var direct = partners.FirstOrDefault(p => p.Roles.Any(r => r.Role.ToString() == role && new PartyRef(r.CountryCode, r.PartyId).Equals(party)))
                     ?? partners.FirstOrDefault(p => p.Parties.Contains(party));
        if (direct is not null) return await ThroughAsync(session, direct, party, role, ct);

        var registered = partners.Where(p => p.HubPartyId is not null).ToDictionary(p => p.Id);
        if (registered.Count == 0) return null;
        var key = HubPartyView.KeyOf(party.CountryCode, party.PartyId);
        var reports = await session.Query<HubPartyView>().Where(v => v.PartyKey == key && v.Role == role).ToListAsync(ct);
        var best = reports.Where(v => registered.ContainsKey(v.HubPartnerId))
            .OrderByDescending(v => v.Status == HubClientInfoSchemas.Connected).ThenByDescending(v => v.LastUpdated).FirstOrDefault();
        return best is null ? null : new PartyRoute(registered[best.HubPartnerId], party, best);
    }

    /// <summary>
    /// For an internal request that must reach one endpoint of a CPO: the route, or the refusal with nothing sent (404 when
    /// neither a partner nor a Hub reaches the CPO; 409 when its version details lack the endpoint, or its Hub reports it
    /// unreachable). <paramref name="lacking"/> completes "CPO X has no ..."; <paramref name="notSent"/> "CPO X is ...: ...".
    /// </summary>
    public static async Task<(PartyRoute? Route, IResult? Refusal)> ToEndpointAsync(IQuerySession session, PartyRef cpo,
        Func<Partner, VersionEndpoint?> endpoint, string lacking, string notSent, CancellationToken ct)
    {
        // Direct, or through the Hub that reported the CPO: the sender addresses it by OCPI-to either way.
        var route = await FindAsync(session, cpo, "CPO", ct);
        if (route is null)
            return (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No registered partner is CPO {cpo}, nor a Hub in front of it"));
        if (endpoint(route.Partner) is null)
            return (null, Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"CPO {cpo} has no {lacking}"));
        if (route.Unreachable is { } down)
            return (null, Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"CPO {down}: {notSent}"));
        return (route, null);
    }

    /// <summary>The route to a party through a partner already chosen (e.g. the one that pushed the Session).</summary>
    public static async Task<PartyRoute> ThroughAsync(IQuerySession session, Partner partner, PartyRef party, string role, CancellationToken ct)
    {
        var reported = partner.HubPartyId is null
            ? null
            : await session.LoadAsync<HubPartyView>(HubPartyView.StreamKey(partner.Id, party.CountryCode, party.PartyId, role), ct);
        return new PartyRoute(partner, party, reported);
    }
}
