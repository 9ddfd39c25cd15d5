using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Billing.CostChecks;

/// <summary>
/// Checks one CDR and appends <see cref="CdrCostChecked"/> to its stream through a Marten session, so that the inline
/// CdrView follows (its version, its latest check), with the metadata of what caused the check. Idempotent, so that a
/// page of the daemon processed again after a crash checks nothing twice: a first check is skipped when the CDR has
/// one, and a check again is appended only when its outcome differs from the latest.
/// </summary>
internal sealed class CdrCostCheck(decimal tolerance, ILogger log)
{
    public const string Source = "cost-check";
    private const int MaxAttempts = 5;

    /// <summary>Checks the CDR of stream <paramref name="cdrKey"/>; <paramref name="cause"/> is the event that asks for it.</summary>
    public async Task CheckAsync(IDocumentStore store, TariffResolver resolver, string cdrKey, IEvent cause, bool again, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<CdrView>(cdrKey, ct);
            if (stream.Aggregate is not { } cdr) return;
            if (!again && cdr.CostCheck is not null) return;

            var resolved = await resolver.ResolveAsync(session, cdr, ct);
            var check = Check(cdr, resolved);
            if (cdr.CostCheck is { } latest && Same(store, latest, check)) return;

            session.CorrelationId = cause.CorrelationId;
            session.CausationId = cause.Id.ToString();
            session.SetHeader(EventMetadata.SourceHeader, Source);
            if (cdr.PartnerId is not null) session.SetHeader(EventMetadata.PartnerHeader, cdr.PartnerId);
            stream.AppendOne(new CdrCostChecked(cdr.CdrId, check));
            session.DeleteWhere<CdrAwaitingTariff>(w => w.CdrKey == cdrKey);
            foreach (var tariffKey in resolved.MissingTariffKeys) session.Store(CdrAwaitingTariff.For(cdrKey, tariffKey));
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && StreamWrite.IsWriteConflict(e))
            {
                // A redelivery of the CDR was appended meanwhile: check again on what is stored now.
                log.LogDebug("Cost check of {Cdr} met another write (attempt {Attempt}); checking again", cdrKey, attempt);
            }
        }
    }

    /// <summary>
    /// The first check of many CDRs in one session and one commit, each event appended right after the CdrReceived that
    /// caused it (the view built from that event, nothing read back). When a stream holds more by then (a redelivery, or
    /// the check itself when a page is processed again), nothing is stored and each CDR is checked alone.
    /// </summary>
    public async Task CheckFirstAsync(IDocumentStore store, TariffResolver resolver, IReadOnlyList<IEvent> received, CancellationToken ct)
    {
        if (received.Count == 0) return;
        try
        {
            await using var session = store.LightweightSession();
            foreach (var cause in received)
            {
                var cdr = CdrView.From(cause.StreamKey!, (CdrReceived)cause.Data);
                if (cause.Headers?.TryGetValue(EventMetadata.PartnerHeader, out var partner) == true) cdr.PartnerId = partner?.ToString();
                var resolved = await resolver.ResolveAsync(session, cdr, ct);
                var appended = session.Events.Append(cdr.Id, cause.Version + 1, new CdrCostChecked(cdr.CdrId, Check(cdr, resolved)));
                Stamp(appended.Events[0], cause, cdr.PartnerId);
                foreach (var tariffKey in resolved.MissingTariffKeys) session.Store(CdrAwaitingTariff.For(cdr.Id, tariffKey));
            }
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (StreamWrite.IsWriteConflict(e))
        {
            log.LogDebug("Cost check of {Count} CDRs met another write; checking each alone", received.Count);
            foreach (var cause in received) await CheckAsync(store, resolver, cause.StreamKey!, cause, again: false, ct);
        }
    }

    private static void Stamp(IEvent e, IEvent cause, string? partnerId)
    {
        e.CorrelationId = cause.CorrelationId;
        e.CausationId = cause.Id.ToString();
        e.SetHeader(EventMetadata.SourceHeader, Source);
        if (partnerId is not null) e.SetHeader(EventMetadata.PartnerHeader, partnerId);
    }

    private CostCheck Check(CdrView cdr, ResolvedTariff resolved)
    {
        if (resolved.Tariff is null) return Unpriceable(cdr, resolved.Unpriceable!, []);
        var used = resolved.Used!;
        if (OcpiPayload.String(resolved.Tariff, "currency") is { } currency && cdr.Currency is { } stated &&
            !string.Equals(currency, stated, StringComparison.OrdinalIgnoreCase))
            return Unpriceable(cdr, $"tariff {used.TariffId} is in {currency}, the CDR in {stated}", [used]);
        try
        {
            return CostCheckPricing.Check(resolved.Tariff, cdr.Cdr, resolved.TimeZone, tolerance, used);
        }
        catch (Exception e)
        {
            // A tariff or CDR the engine cannot read is a finding about that CDR, not a reason to stop checking others.
            log.LogWarning(e, "Cost check of {Cdr} with tariff {Tariff} failed", cdr.Id, used.TariffId);
            return Unpriceable(cdr, $"tariff {used.TariffId} could not be applied: {e.Message}", [used]);
        }
    }

    private CostCheck Unpriceable(CdrView cdr, string reason, IReadOnlyList<TariffUsed> tariffs) =>
        new(CostCheckVerdict.Unpriceable, OcpiPayload.Price(cdr.Cdr["total_cost"]), null, null, [], reason, tariffs, tolerance);

    private static bool Same(IDocumentStore store, CostCheck a, CostCheck b)
    {
        var serializer = store.Options.Serializer();
        return serializer.ToJson(a) == serializer.ToJson(b);
    }
}
