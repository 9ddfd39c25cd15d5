namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>
/// A CDR whose last cost check found no tariff because this one was not held: when the tariff arrives, the CDR is
/// checked again. One small row per (CDR, missing tariff), found by the tariff's stream key (an indexed column), so a
/// tariff's arrival costs one index lookup however many CDRs are held.
/// </summary>
public sealed class CdrAwaitingTariff
{
    public string Id { get; set; } = "";
    public string TariffKey { get; set; } = "";
    public string CdrKey { get; set; } = "";

    public static CdrAwaitingTariff For(string cdrKey, string tariffKey) => new() { Id = $"{cdrKey} {tariffKey}", CdrKey = cdrKey, TariffKey = tariffKey };
}
