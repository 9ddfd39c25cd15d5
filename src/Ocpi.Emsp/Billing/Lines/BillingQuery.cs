using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>The query values the billing lines and totals share, parsed into a <see cref="QueryCheck"/>.</summary>
public static class BillingQuery
{
    /// <summary>verdict=UNCHECKED selects the lines no cost check has reached yet (verdict null).</summary>
    public const string Unchecked = "UNCHECKED";

    public static readonly string[] Verdicts =
        [CostCheckVerdict.Match, CostCheckVerdict.Overcharged, CostCheckVerdict.Undercharged, CostCheckVerdict.Unpriceable, Unchecked];

    public static readonly string[] TimeZones = ["utc", "billing"];

    /// <summary>A month as yyyy-MM.</summary>
    public static string? Month(this QueryCheck check, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Length == 7) return text;
        check.Fail(name, "must be a month as yyyy-MM");
        return null;
    }

    /// <summary>A CPO party as CC-PID (upper-cased): the stream-key prefix of its CDRs.</summary>
    public static OwnerFilter? Cpo(this QueryCheck check, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split('-');
        if (parts is [{ Length: 2 } country, { Length: >= 1 and <= 3 } party] && country.All(char.IsAsciiLetterOrDigit) && party.All(char.IsAsciiLetterOrDigit))
            return new OwnerFilter(country.ToUpperInvariant(), party.ToUpperInvariant());
        check.Fail(name, "must be a CPO party as CC-PID (country code, '-', party id), e.g. NL-TNM");
        return null;
    }

    /// <summary>An ISO 4217 currency code (upper-cased).</summary>
    public static string? Currency(this QueryCheck check, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length == 3 && text.All(char.IsAsciiLetter)) return text.ToUpperInvariant();
        check.Fail(name, "must be an ISO 4217 currency code of 3 letters, e.g. EUR");
        return null;
    }

    /// <summary>Whether months are those of the billing time zone (time_zone=billing) rather than UTC (default).</summary>
    public static bool BillingZone(this QueryCheck check, string? text) => check.OneOf("time_zone", text, TimeZones) == "billing";
}

/// <summary>The filters of GET /api/billing/lines.</summary>
public sealed class BillingLineFilters
{
    [FromQuery(Name = "from"), Description("Only lines whose CDR ended at or after this RFC 3339 date-time.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Only lines whose CDR ended before this RFC 3339 date-time.")]
    public string? To { get; init; }

    [FromQuery(Name = "month"), Description("Only lines of this month (yyyy-MM) of end_date_time: UTC, or the billing time zone with time_zone=billing.")]
    public string? Month { get; init; }

    [FromQuery(Name = "time_zone"), Description("utc (default) or billing: which month 'month' means.")]
    public string? TimeZone { get; init; }

    [FromQuery(Name = "cpo"), Description("Only lines of this CPO party, as CC-PID (e.g. NL-TNM).")]
    public string? Cpo { get; init; }

    [FromQuery(Name = "contract_id"), Description("cdr_token.contract_id, exactly as sent.")]
    public string? ContractId { get; init; }

    [FromQuery(Name = "currency"), Description("ISO 4217 code, e.g. EUR.")]
    public string? Currency { get; init; }

    [FromQuery(Name = "verdict"), Description("Cost-check verdict: MATCH, OVERCHARGED, UNDERCHARGED, UNPRICEABLE, or UNCHECKED (not checked yet).")]
    public string? Verdict { get; init; }

    [FromQuery(Name = "format"), Description("json (default: one page) or csv (every matching line, streamed; offset and limit do not apply).")]
    public string? Format { get; init; }
}

/// <summary>The query of GET /api/billing/totals.</summary>
public sealed class BillingTotalsParameters
{
    [FromQuery(Name = "group_by"), Description("contract (contract_id), cpo (CC-PID, default) or location (CC-PID/location_id).")]
    public string? GroupBy { get; init; }

    [FromQuery(Name = "month"), Description("Only this month (yyyy-MM); absent: every month.")]
    public string? Month { get; init; }

    [FromQuery(Name = "currency"), Description("Only this currency (ISO 4217); totals are always split by currency.")]
    public string? Currency { get; init; }

    [FromQuery(Name = "time_zone"), Description("utc (default) or billing (the configured Emsp:Billing:TimeZone): where months begin and end.")]
    public string? TimeZone { get; init; }
}
