namespace Ocpi.Protocol.Common;

/// <summary>A party: country_code (CiString(2)) + party_id (CiString(3)); compared case-insensitively.</summary>
public readonly record struct PartyRef(string CountryCode, string PartyId)
{
    public bool Equals(PartyRef other) =>
        string.Equals(CountryCode, other.CountryCode, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(PartyId, other.PartyId, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(CountryCode ?? ""), StringComparer.OrdinalIgnoreCase.GetHashCode(PartyId ?? ""));

    /// <summary>Upper-case form used in stream keys and hub_party_id ("NLTNM").</summary>
    public string Key => (CountryCode + PartyId).ToUpperInvariant();

    public override string ToString() => $"{CountryCode}/{PartyId}";
}
