using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// One stream per OCPI object, keyed by kind, owner and id: "location:NL-TNM:LOC1". CiString parts are upper-cased so
/// that LOC1 and loc1 are one stream; the partner's spelling stays in the payload.
/// </summary>
public static class StreamKeys
{
    public static string For(string kind, PartyRef owner, string id) =>
        $"{kind}:{owner.CountryCode.ToUpperInvariant()}-{owner.PartyId.ToUpperInvariant()}:{id.ToUpperInvariant()}";
}
