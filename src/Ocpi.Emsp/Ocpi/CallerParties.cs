using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// The parties the caller of a functional-module request may write for: its credentials roles, and for a Hub the parties
/// behind it (<see cref="Hub.HubDirectory.WritablePartiesAsync"/>). Set by <see cref="RoutingHeadersFilter"/> for Hubs
/// only; a direct partner's parties are its roles, read from the partner itself.
/// </summary>
public sealed record CallerParties(IReadOnlySet<PartyRef> Writable);

public static class CallerPartiesExtensions
{
    public static IEnumerable<PartyRef> WritableParties(this HttpContext http) =>
        http.Items[typeof(CallerParties)] is CallerParties parties ? parties.Writable : http.Caller().Partner.Parties.Distinct();

    /// <summary>Whether the caller may write objects owned by this party.</summary>
    public static bool MayWriteFor(this HttpContext http, PartyRef party) =>
        http.Items[typeof(CallerParties)] is CallerParties parties ? parties.Writable.Contains(party) : http.Caller().Partner.Parties.Contains(party);

    /// <summary>
    /// On a Hub's connection the OCPI-from headers name the party that sent the request: when present, it must be the party
    /// that owns the object written (the Hub cannot write one party's object in another's name). Without the headers
    /// the URL's party is taken as the sender.
    /// </summary>
    public static string? SenderMismatch(this HttpContext http, PartyRef owner) =>
        http.Caller().Partner.HubPartyId is not null && http.Items[typeof(OcpiRouting)] is OcpiRouting { FromHeaders: true, From: { } from } &&
        !from.Equals(owner)
            ? $"OCPI-from party {from} is not the owner {owner} of the object in the URL"
            : null;
}
