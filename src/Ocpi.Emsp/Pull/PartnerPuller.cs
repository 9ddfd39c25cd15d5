using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Pull;

/// <summary>
/// Pull sync, the safety net under pushes: reads a CPO's SENDER lists and stores what is new or changed as the events a
/// push makes, decided by the receivers' own rules through the same group commit (so a push and a pull of one object
/// are decided one after the other, and neither regresses the other).
///
/// A run asks for date_from = the cursor and follows the partner's Link rel="next" until a page is empty or has no
/// next link; X-Total-Count may change between pages. After each page is stored, the next page's URL is saved, so a
/// run that fails resumes there. When a run completes, the cursor becomes the run's start (our clock) less
/// Emsp:Pull:CursorOverlap. Not the largest last_updated seen: the spec's date_from keeps objects with
/// last_updated &gt;= date_from, and an object changed while the run was reading (inserted before the page being read,
/// so never seen by it) has a last_updated after the run's start, however the list is ordered; the next run reads it.
/// When the total count fell during a run, objects left the list and later pages shifted back, so one may have been
/// skipped: the cursor stays at the run's own date_from and the next run reads the range again. Reading an object
/// twice is harmless: a copy we hold makes no event.
/// </summary>
public sealed class PartnerPuller(IDocumentStore store, ObjectStreamWriter writer, IHttpClientFactory httpClients, IHttpContextAccessor accessor,
    HubDirectory hubs, IOptions<EmspOptions> emsp, IOptions<PullOptions> options, TimeProvider clock, ILogger<PartnerPuller> log)
{
    public async Task PullAsync(string partnerId, IReadOnlyCollection<string> modules, CancellationToken ct)
    {
        Partner? partner;
        PartnerSecret? secret;
        await using (var query = store.QuerySession())
        {
            partner = await query.LoadAsync<Partner>(partnerId, ct);
            secret = await query.LoadAsync<PartnerSecret>(partnerId, ct);
        }
        if (partner is not { IsRegistered: true } || secret is null) return;
        foreach (var module in PullModules.All.Where(m => modules.Contains(m.Name)))
            if (module.SenderOf(partner) is { } endpoint)
                await PullModuleAsync(partner, secret.OutboundToken, module, endpoint.Url, ct);
    }

    private async Task PullModuleAsync(Partner partner, string token, PullModule module, string listUrl, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var cursor = await session.LoadAsync<PullCursor>(PullCursor.IdFor(partner.Id, module.Name), ct) ?? PullCursor.New(partner.Id, module.Name);
        // A run whose next page is on another host (the partner moved its endpoints) starts again from its date_from.
        if (cursor.RunStartedAt is null || (cursor.NextUrl is { } next && !next.StartsWith(listUrl, StringComparison.OrdinalIgnoreCase)))
        {
            var dateFrom = cursor.RunStartedAt is null ? cursor.Cursor : cursor.RunDateFrom;
            cursor.Start(clock.GetUtcNow());
            cursor.RunDateFrom = dateFrom;
            await SaveAsync(session, cursor, ct);
        }
        var client = new OcpiClient(httpClients.CreateClient(nameof(OcpiClient)), accessor);
        var url = cursor.NextUrl ?? FirstPage(listUrl, cursor);
        try
        {
            while (true)
            {
                var page = await client.GetPageAsync(url, token, (emsp.Value.Party, partner.AddressedParty()), cursor.RunId!, ct);
                await StorePageAsync(partner, module, cursor, page, ct);
                if (page.Limit is > 0) cursor.ServerLimit = page.Limit;
                if (page.TotalCount is { } total)
                {
                    if (total < cursor.LastTotalCount) cursor.RunShrank = true;
                    cursor.LastTotalCount = total;
                }
                if (page.Items.Count == 0 || page.NextUrl is null || page.NextUrl == url)
                {
                    var nextCursor = cursor.RunShrank ? cursor.RunDateFrom : cursor.RunStartedAt - options.Value.CursorOverlap;
                    cursor.Complete(nextCursor, clock.GetUtcNow());
                    await SaveAsync(session, cursor, ct);
                    log.LogInformation("Pulled {Module} of partner {PartnerId}: {Objects} objects in {Pages} pages, {Events} events",
                        module.Name, partner.Id, cursor.ObjectsPulled, cursor.Pages, cursor.EventsAppended);
                    return;
                }
                url = cursor.NextUrl = page.NextUrl;
                await SaveAsync(session, cursor, ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("Pull of {Module} from partner {PartnerId} stopped at {Url}; the next run resumes there: {Reason}",
                module.Name, partner.Id, url, e.Message);
            cursor.LastError = e is PartnerCallException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            cursor.LastErrorAt = clock.GetUtcNow();
            await using var errorSession = store.LightweightSession();
            await SaveAsync(errorSession, cursor, CancellationToken.None);
        }
    }

    private string FirstPage(string listUrl, PullCursor cursor)
    {
        var limit = Math.Min(options.Value.PageSize, cursor.ServerLimit is > 0 and var max ? max : int.MaxValue);
        var query = cursor.RunDateFrom is { } from && from > DateTimeOffset.MinValue
            ? $"date_from={Uri.EscapeDataString(OcpiDateTime.Format(from))}&"
            : "";
        return $"{listUrl}{(listUrl.Contains('?') ? '&' : '?')}{query}offset=0&limit={limit}";
    }

    /// <summary>Validates and writes every object of the page (concurrently: the group commit batches them); counts what they made.</summary>
    private async Task StorePageAsync(Partner partner, PullModule module, PullCursor cursor, OcpiListPage page, CancellationToken ct)
    {
        var stamp = EventMetadata.PullStamp(partner.Id, cursor.RunId!, page.RequestId, clock.GetUtcNow());
        var writes = page.Items.Select(item => StoreObjectAsync(partner, module, stamp, item, ct)).ToList();
        var outcomes = await Task.WhenAll(writes);
        cursor.Pages++;
        cursor.ObjectsPulled += outcomes.Length;
        foreach (var (outcome, refusal) in outcomes)
            if (outcome == PulledOutcome.Appended) cursor.EventsAppended++;
            else if (outcome == PulledOutcome.Refused) cursor.Refused(refusal!);
    }

    private async Task<(PulledOutcome, string?)> StoreObjectAsync(Partner partner, PullModule module, EventStamp stamp, JsonElement item, CancellationToken ct)
    {
        var validation = module.Schema.Validate(item);
        var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var what = $"{module.StreamKind} {id ?? "(no id)"}";
        if (!validation.IsValid) return Refuse(partner, $"{what}: {validation.Describe()}");
        var limits = emsp.Value.ObjectLimits.Check(module.Schema, item);
        if (!limits.IsValid) return Refuse(partner, $"{what}: {limits.Describe()}");
        var body = JsonObject.Create(item)!;
        var owner = new PartyRef(OcpiPayload.String(body, "country_code")!, OcpiPayload.String(body, "party_id")!);
        // A Hub's list (GET all via the Hub) holds the objects of every party behind it.
        if (!partner.Parties.Contains(owner) && !(await hubs.WritablePartiesAsync(partner, ct)).Contains(owner))
            return Refuse(partner, $"{what}: party {owner} is not one of the parties of this connection");
        var outcome = await module.Write(writer, stamp, owner, id!, body, ct);
        return outcome == PulledOutcome.Refused
            ? Refuse(partner, $"{what}: already held with different content; a CDR cannot change")
            : (outcome, null);
    }

    private (PulledOutcome, string) Refuse(Partner partner, string reason)
    {
        log.LogWarning("Pulled object refused from partner {PartnerId}: {Reason}", partner.Id, reason);
        return (PulledOutcome.Refused, reason);
    }

    private static async Task SaveAsync(IDocumentSession session, PullCursor cursor, CancellationToken ct)
    {
        session.Store(cursor);
        await session.SaveChangesAsync(ct);
    }
}
