using Marten;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Tokens.Push;

/// <summary>Fans a token change out to every registered partner with a Tokens RECEIVER endpoint.</summary>
public static class TokenChangedHandler
{
    public static async Task<IEnumerable<PushTokenToPartner>> Handle(TokenChanged message, IQuerySession session, CancellationToken ct)
    {
        var partners = await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered).ToListAsync(ct);
        return partners.Where(p => TokenPusher.TokensEndpoint(p) is not null).Select(p => new PushTokenToPartner(p.Id, message.TokenKey)).ToList();
    }
}

/// <summary>
/// One push to one partner, on a sequential queue (per-token order kept). While the partner lags, pushes are skipped:
/// the resync job sends the latest state of everything it missed, once (the spec's "no replay of stale messages").
/// </summary>
public static class PushTokenToPartnerHandler
{
    public static async Task Handle(PushTokenToPartner message, IDocumentSession session, TokenPusher pusher, TimeProvider clock, CancellationToken ct)
    {
        var partner = await session.LoadAsync<Partner>(message.PartnerId, ct);
        var token = await session.LoadAsync<TokenView>(message.TokenKey, ct);
        if (partner is null || token is null || TokenPusher.TokensEndpoint(partner) is null) return;

        var status = await session.LoadAsync<TokenSyncStatus>(partner.Id, ct);
        if (status is null || !status.InSync)
        {
            // Never synced (a new partner) or lagging: leave it to the resync, but make sure it covers this change.
            status ??= TokenSyncStatus.NewPartner(partner.Id);
            status.Covers(token.ChangedAt);
            session.Store(status);
            return;
        }

        var outcome = await pusher.PushAsync(session, partner, token, ct);
        if (!outcome.Attempted) return;
        if (outcome.Succeeded)
        {
            status.LastSuccessAt = clock.GetUtcNow();
            status.PushesSucceeded++;
        }
        else
        {
            status.Failed(outcome.Error!, clock.GetUtcNow());
            // The resync must cover this token even though its change is older than the failure.
            status.Covers(token.ChangedAt);
        }
        session.Store(status);
    }
}

/// <summary>Brings a lagging (or new) partner up to date: one push per changed token, latest state only.</summary>
public static class ResyncPartnerTokensHandler
{
    public static async Task Handle(ResyncPartnerTokens message, IDocumentSession session, TokenPusher pusher,
        TimeProvider clock, ILogger<TokenPusher> logger, CancellationToken ct)
    {
        var partner = await session.LoadAsync<Partner>(message.PartnerId, ct);
        if (partner is null || TokenPusher.TokensEndpoint(partner) is null) return;
        var status = await session.LoadAsync<TokenSyncStatus>(partner.Id, ct)
                     ?? TokenSyncStatus.NewPartner(partner.Id);
        if (status.InSync) return;

        if (await pusher.ProbeAsync(session, partner, ct) is { } unreachable)
        {
            status.LastError = unreachable;
            status.LastErrorAt = clock.GetUtcNow();
            session.Store(status);
            return;
        }

        var since = status.ResyncFrom ?? DateTimeOffset.MinValue;
        var changed = await session.Query<TokenView>().Where(t => t.ChangedAt >= since)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(ct);
        foreach (var token in changed)
        {
            var outcome = await pusher.PushAsync(session, partner, token, ct);
            if (!outcome.Succeeded)
            {
                status.Failed(outcome.Error!, clock.GetUtcNow());
                session.Store(status);
                return;
            }
            if (outcome.Attempted) status.PushesSucceeded++;
        }
        if (status.ResyncFrom is null)
            logger.LogInformation("Partner {PartnerId} is in sync: {Count} tokens pushed or checked", partner.Id, changed.Count);
        else
            logger.LogInformation("Partner {PartnerId} is in sync again: {Count} tokens checked since {Since}", partner.Id, changed.Count, since);
        status.InSync = true;
        status.NeverSynced = false;
        status.LaggingSince = null;
        status.LastSuccessAt = clock.GetUtcNow();
        session.Store(status);
    }
}
