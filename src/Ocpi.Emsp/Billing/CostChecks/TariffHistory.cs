using System.Text.Json.Nodes;
using JasperFx.Events;
using Ocpi.Emsp.Tariffs;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>One version of a Tariff as we held it: its object and the version of its stream that put it.</summary>
public sealed record HeldTariff(JsonObject Tariff, long Version)
{
    /// <summary>AD_HOC_PAYMENT and PROFILE_* tariffs apply to some drivers only; REGULAR or untyped ones to everyone.</summary>
    public bool IsRegular => TariffChoice.IsRegular(Tariff);
}

/// <summary>
/// The events of one Tariff stream, read once and asked which version was in force at a given time. The time of a
/// version is when we received it (the event's timestamp): a CPO's tariff applies from when it was published to us.
/// </summary>
public sealed class TariffHistory(string streamKey, IReadOnlyList<IEvent> events)
{
    public string StreamKey { get; } = streamKey;

    /// <summary>The version we held at <paramref name="at"/>: the last PUT received at or before it, unless deleted since.</summary>
    public HeldTariff? InForceAt(DateTimeOffset at)
    {
        HeldTariff? held = null;
        foreach (var e in events)
        {
            if (e.Timestamp > at) break;
            switch (e.Data)
            {
                case TariffPut put: held = new HeldTariff(put.Tariff, e.Version); break;
                case TariffDeleted: held = null; break;
            }
        }
        return held;
    }

    /// <summary>
    /// The first version received after <paramref name="at"/>: when a tariff reached us only after the session started
    /// (a CPO that publishes late), the nearest we know of what applied at the start.
    /// </summary>
    public HeldTariff? FirstAfter(DateTimeOffset at) =>
        events.Where(e => e.Timestamp > at && e.Data is TariffPut).Select(e => new HeldTariff(((TariffPut)e.Data).Tariff, e.Version)).FirstOrDefault();
}
