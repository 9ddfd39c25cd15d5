using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hub;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi;

/// <summary>The parties of a functional-module request: who sent it (OCPI-from-*) and to whom (us).</summary>
/// <remarks><paramref name="FromHeaders"/>: From was named by the OCPI-from headers, not inferred from a single-party connection.</remarks>
public sealed record OcpiRouting(PartyRef? From, PartyRef To, bool FromHeaders = false);

/// <summary>
/// Message routing headers of functional modules (transport_and_format.asciidoc, "Message Routing"). OCPI-from-* must be
/// a party of the caller's credentials roles; for a Hub, the Hub itself (hub_party_id) and every party of its roles or its
/// ClientInfo reports but a SUSPENDED one, read from memory (<see cref="HubDirectory"/>) and kept for the receivers
/// (<see cref="CallerParties"/>). OCPI-to-* must be us. Responses carry the headers swapped. Runs after
/// <see cref="CredentialsTokenFilter"/>.
/// </summary>
public sealed class RoutingHeadersFilter(IOptions<EmspOptions> options, HubDirectory hubs) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = http.Caller();
        var us = options.Value.Party;

        var from = ReadParty(http, OcpiHeaders.FromCountryCode, OcpiHeaders.FromPartyId, out var fromError);
        if (fromError is not null) return OcpiResults.InvalidParameters(fromError);
        var to = ReadParty(http, OcpiHeaders.ToCountryCode, OcpiHeaders.ToPartyId, out var toError);
        if (toError is not null) return OcpiResults.InvalidParameters(toError);

        CallerParties? behindHub = null;
        if (caller.Partner.HubPartyId is not null)
        {
            behindHub = new CallerParties(await hubs.WritablePartiesAsync(caller.Partner, http.RequestAborted));
            http.Items[typeof(CallerParties)] = behindHub;
        }
        if (from is { } sender && !(behindHub is null
                ? caller.Partner.Represents(sender)
                : behindHub.Writable.Contains(sender) || string.Equals(sender.Key, caller.Partner.HubPartyId, StringComparison.OrdinalIgnoreCase)))
            return OcpiResults.Error(StatusCodes.Status403Forbidden, OcpiStatusCode.InvalidOrMissingParameters,
                $"OCPI-from party {sender} is not one of the parties of this connection");
        if (to is { } receiver && !receiver.Equals(us))
            return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"OCPI-to party {receiver} is not hosted here");

        // Without headers the sender is unambiguous only on a single-party connection (the spec's one exception).
        var named = from is not null;
        var parties = behindHub?.Writable.ToList() ?? caller.Partner.Parties.Distinct().ToList();
        from ??= parties.Count == 1 ? parties[0] : null;
        http.Items[typeof(OcpiRouting)] = new OcpiRouting(from, us, named);

        http.Response.OnStarting(() =>
        {
            if (from is { } requester)
            {
                http.Response.Headers[OcpiHeaders.ToCountryCode] = requester.CountryCode;
                http.Response.Headers[OcpiHeaders.ToPartyId] = requester.PartyId;
            }
            http.Response.Headers[OcpiHeaders.FromCountryCode] = us.CountryCode;
            http.Response.Headers[OcpiHeaders.FromPartyId] = us.PartyId;
            return Task.CompletedTask;
        });
        return await next(context);
    }

    private static PartyRef? ReadParty(HttpContext http, string countryHeader, string partyHeader, out string? error)
    {
        error = null;
        var country = http.Request.Headers[countryHeader].ToString().Trim();
        var party = http.Request.Headers[partyHeader].ToString().Trim();
        if (country.Length == 0 && party.Length == 0) return null;
        if (country.Length == 0 || party.Length == 0)
            error = $"{(country.Length == 0 ? countryHeader : partyHeader)} header is missing (the two {countryHeader[..8]} headers go together)";
        else if (country.Length > 2 || !country.All(char.IsAsciiLetterOrDigit))
            error = $"{countryHeader} header must be a CiString(2)";
        else if (party.Length > 3 || !party.All(char.IsAsciiLetterOrDigit))
            error = $"{partyHeader} header must be a CiString(3)";
        return error is null ? new PartyRef(country, party) : null;
    }
}

public static class RoutingExtensions
{
    public static OcpiRouting Routing(this HttpContext context) =>
        context.Items[typeof(OcpiRouting)] as OcpiRouting
        ?? throw new InvalidOperationException("Functional OCPI endpoint without the routing headers filter");
}
