using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Internal;

/// <summary>
/// Parses the query parameters of the internal API. They are bound as text so that a bad value is ours to report:
/// every parser records one message per bad parameter, and <see cref="Problem"/> is then the 400 naming them all.
/// An empty value counts as absent.
/// </summary>
public sealed class QueryCheck
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public ValidationProblem? Problem => _errors.Count == 0 ? null : TypedResults.ValidationProblem(_errors);

    public void Fail(string parameter, string message) => _errors.TryAdd(parameter, [message]);

    public PageWindow Page(PageParameters p) => new(
        Integer("offset", p.Offset, 0, int.MaxValue) ?? 0,
        Integer("limit", p.Limit, 1, PageWindow.MaxLimit) ?? PageWindow.DefaultLimit);

    public int? Integer(string name, string? text, int min, int max)
    {
        if (Absent(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Fail(name, $"must be an integer from {min} to {max}");
        return null;
    }

    public double? Number(string name, string? text, double min, double max)
    {
        if (Absent(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Fail(name, $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    /// <summary>A party as "NL-TNM" (or "NLTNM"), upper-cased as the views store it: "NL-TNM".</summary>
    public string? PartyKey(string name, string? text)
    {
        if (Absent(text)) return null;
        var compact = text!.Replace("-", "").Replace("*", "").Trim();
        if (compact.Length is >= 3 and <= 5 && compact.All(char.IsAsciiLetterOrDigit))
            return $"{compact[..2]}-{compact[2..]}".ToUpperInvariant();
        Fail(name, "must be a party as CC-PID, e.g. NL-TNM");
        return null;
    }

    /// <summary>An RFC 3339 date-time (UTC when it has no offset; remember to URL-encode a '+').</summary>
    public DateTimeOffset? Instant(string name, string? text)
    {
        if (Absent(text)) return null;
        if (OcpiDateTime.TryParse(text, out var value)) return value;
        Fail(name, "must be an RFC 3339 date-time such as 2025-01-31T12:00:00Z");
        return null;
    }

    public DateOnly? Day(string name, string? text)
    {
        if (Absent(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return value;
        Fail(name, "must be a date as yyyy-MM-dd");
        return null;
    }

    public bool? Boolean(string name, string? text)
    {
        if (Absent(text)) return null;
        if (bool.TryParse(text, out var value)) return value;
        Fail(name, "must be true or false");
        return null;
    }

    /// <summary>One of the given values, compared case-insensitively; returns the listed spelling.</summary>
    public string? OneOf(string name, string? text, IReadOnlyCollection<string> values)
    {
        if (Absent(text)) return null;
        if (values.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase)) is { } known) return known;
        Fail(name, $"must be one of {string.Join(", ", values)}");
        return null;
    }

    /// <summary>The owner party: country_code (2 letters/digits) with an optional party_id (1 to 3); upper-cased.</summary>
    public OwnerFilter? Owner(OwnerParameters p)
    {
        var country = Absent(p.CountryCode) ? null : p.CountryCode!;
        var party = Absent(p.PartyId) ? null : p.PartyId!;
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterOrDigit)))
            Fail("country_code", "must be 2 letters or digits (CiString(2))");
        if (party is not null && (party.Length is 0 or > 3 || !party.All(char.IsAsciiLetterOrDigit)))
            Fail("party_id", "must be 1 to 3 letters or digits (CiString(3))");
        else if (party is not null && country is null)
            Fail("party_id", "needs country_code too");
        return country is null || _errors.ContainsKey("country_code") || _errors.ContainsKey("party_id")
            ? null
            : new OwnerFilter(country.ToUpperInvariant(), party?.ToUpperInvariant());
    }

    /// <summary>A period [from, to): to must come after from when both are given.</summary>
    public void Period<T>(T? from, T? to, string toName = "to") where T : struct, IComparable<T>
    {
        if (from is { } f && to is { } t && t.CompareTo(f) <= 0) Fail(toName, "must come after from");
    }

    private static bool Absent(string? text) => string.IsNullOrWhiteSpace(text);
}

/// <summary>The owner of the objects listed: a country, or a party of it. Upper case, as in stream keys.</summary>
public sealed record OwnerFilter(string CountryCode, string? PartyId)
{
    /// <summary>The stream-key prefix of the owner's objects of a kind: "location:NL-TNM:" or "location:NL-".</summary>
    public string KeyPrefix(string kind) => PartyId is null ? $"{kind}:{CountryCode}-" : $"{kind}:{CountryCode}-{PartyId}:";
}

/// <summary>The owner query parameters (the party that owns the OCPI objects).</summary>
public sealed class OwnerParameters
{
    [FromQuery(Name = "country_code"), Description("Owner's country code (CiString(2)).")]
    public string? CountryCode { get; init; }

    [FromQuery(Name = "party_id"), Description("Owner's party id (CiString(3)); needs country_code.")]
    public string? PartyId { get; init; }
}
