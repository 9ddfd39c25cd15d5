using System.Globalization;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>
/// The time zone in which the billing team closes its months (configuration <c>Emsp:Billing:TimeZone</c>, an IANA id
/// such as Europe/Amsterdam; default UTC). A billing line's billing_month is the month of its end_date_time there.
/// The month is fixed in the line when it is projected: after changing the zone, rebuild the BillingLine view.
/// </summary>
public sealed record BillingTimeZone(string Id, TimeZoneInfo Zone)
{
    public const string Key = "Emsp:Billing:TimeZone";

    public static BillingTimeZone Utc { get; } = new("UTC", TimeZoneInfo.Utc);

    /// <summary>The configured zone; an unknown id stops the start with the key named rather than billing in the wrong month.</summary>
    public static BillingTimeZone From(IConfiguration configuration)
    {
        var id = configuration[Key];
        if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase)) return Utc;
        try
        {
            return new BillingTimeZone(id, TimeZoneInfo.FindSystemTimeZoneById(id));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{Key}: '{id}' is not a time zone known to this system (expected an IANA id such as Europe/Amsterdam).", e);
        }
    }

    /// <summary>The UTC month of an instant, as yyyy-MM.</summary>
    public static string UtcMonthOf(DateTimeOffset instant) => Month(instant.UtcDateTime);

    /// <summary>The month of an instant on this zone's wall clock, as yyyy-MM.</summary>
    public string MonthOf(DateTimeOffset instant) => Month(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private static string Month(DateTime wallClock) => wallClock.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
