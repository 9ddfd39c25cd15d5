using Ocpi.Protocol.Common;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// The {country_code}/{party_id}/{ids} of a Client Owned Object URL (transport_and_format.asciidoc). A partner may only
/// address objects of the parties in its credentials roles (a Hub: also the parties behind it, see
/// <see cref="CallerPartiesExtensions"/>); others get HTTP 404, as the spec allows, so that other parties' objects stay
/// invisible. On a Hub's connection, OCPI-from headers that name another party than the URL's are refused the same way.
/// </summary>
public static class ObjectOwnership
{
    /// <summary>Checks the URL's party and ids; returns the refusal, or null with the owner set.</summary>
    public static IResult? Check(HttpContext http, string countryCode, string partyId, out PartyRef owner, params (string Name, string Value, int MaxLength)[] ids)
    {
        owner = new PartyRef(countryCode, partyId);
        if (countryCode.Length != 2 || !countryCode.All(char.IsAsciiLetterOrDigit))
            return OcpiResults.InvalidParameters($"country_code in the URL must be a CiString(2), got '{countryCode}'");
        if (partyId.Length is 0 or > 3 || !partyId.All(char.IsAsciiLetterOrDigit))
            return OcpiResults.InvalidParameters($"party_id in the URL must be a CiString(3), got '{partyId}'");
        foreach (var (name, value, maxLength) in ids)
            if (value.Length > maxLength || !value.All(c => c is > ' ' and <= '~'))
                return OcpiResults.InvalidParameters($"{name} in the URL must be a CiString({maxLength})");
        if (!http.MayWriteFor(owner))
            return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Party {owner} is not one of the parties of this connection");
        return http.SenderMismatch(owner) is { } mismatch ? OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, mismatch) : null;
    }

    /// <summary>The country_code/party_id inside a pushed object must equal the URL's (2001 otherwise).</summary>
    public static IResult? CheckBodyOwner(System.Text.Json.Nodes.JsonObject body, PartyRef owner)
    {
        var country = body["country_code"]?.GetValue<string>();
        var party = body["party_id"]?.GetValue<string>();
        if (!string.Equals(country, owner.CountryCode, StringComparison.OrdinalIgnoreCase))
            return OcpiResults.InvalidParameters($"country_code: '{country}' differs from the URL's '{owner.CountryCode}'");
        if (!string.Equals(party, owner.PartyId, StringComparison.OrdinalIgnoreCase))
            return OcpiResults.InvalidParameters($"party_id: '{party}' differs from the URL's '{owner.PartyId}'");
        return null;
    }

    /// <summary>The object's own id inside the body must equal the URL's id (2001 otherwise; the spec's advice).</summary>
    public static IResult? CheckBodyId(System.Text.Json.Nodes.JsonObject body, string field, string urlId)
    {
        var id = body[field]?.GetValue<string>();
        return string.Equals(id, urlId, StringComparison.OrdinalIgnoreCase)
            ? null
            : OcpiResults.InvalidParameters($"{field}: '{id}' differs from the id in the URL '{urlId}'");
    }
}
