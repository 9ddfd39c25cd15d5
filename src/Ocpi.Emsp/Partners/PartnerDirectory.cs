using Marten;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Partners;

/// <summary>How far a presented credentials token reaches.</summary>
public enum TokenScope
{
    /// <summary>Token A, or a token we issued during a handshake that has not completed: versions and credentials only.</summary>
    Handshake,
    /// <summary>The token of a registered partner: every module.</summary>
    Full,
}

public sealed record AuthenticatedPartner(Partner Partner, TokenScope Scope, string PresentedToken);

/// <summary>
/// Finds the partner behind a credentials token: one indexed read on the partner view, answered from memory for every
/// token this node has authenticated before, also while the database cannot be reached (see
/// <see cref="PartnerAuthenticationCache"/>); a query session is opened only for a token the cache does not know.
/// </summary>
public sealed class PartnerDirectory(IDocumentStore store, PartnerAuthenticationCache cache, ILogger<PartnerDirectory> log)
{
    /// <summary>
    /// Matches every candidate reading of the header (Base64-decoded and raw) against stored hashes. A header that matches
    /// two different partners is ambiguous and authenticates nobody.
    /// </summary>
    public async Task<AuthenticatedPartner?> AuthenticateAsync(IReadOnlyList<string> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0) return null;
        var hashes = candidates.Select(CredentialsTokens.Hash).ToArray();
        var cacheKey = string.Join('|', hashes);
        var known = cache.TryGet(cacheKey, out var found, out var fresh);
        if (known && found is not null)
        {
            // A partner found before is answered from memory; an old entry is refreshed behind the answer.
            if (!fresh) RefreshInBackground(cacheKey, hashes, found);
        }
        else if (!known || !fresh)
        {
            var generation = cache.Generation;
            try
            {
                found = await LookUpAsync(hashes, ct);
                cache.Remember(cacheKey, found, generation);
            }
            catch (Exception e) when (e is not OperationCanceledException && known)
            {
                // The database is unreachable: a token known to be unknown stays refused.
                log.LogWarning("Could not look up a credentials token ({Error}); it stays unknown", e.Message);
            }
        }
        if (found is null) return null;

        var partner = found;
        var matched = Array.FindIndex(hashes, h => h == partner.TokenHash || h == partner.PendingTokenHash);
        var token = candidates[matched];
        var isCurrent = hashes[matched] == partner.TokenHash;
        var scope = isCurrent && partner.IsRegistered && !partner.TokenIsInvitation ? TokenScope.Full : TokenScope.Handshake;
        return new AuthenticatedPartner(partner, scope, token);
    }

    private async Task<Partner?> LookUpAsync(string[] hashes, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var partners = await session.Query<Partner>()
            .Where(p => hashes.Contains(p.TokenHash!) || hashes.Contains(p.PendingTokenHash!))
            .Take(2)
            .ToListAsync(ct);
        return partners.Count == 1 ? partners[0] : null;
    }

    /// <summary>
    /// One refresh per entry at a time, on its own: however long the database takes to answer or to fail, no request
    /// waits for it. A failure (the database unreachable, a timeout) keeps the entry; an answer that the token is no
    /// longer known ends it.
    /// </summary>
    private void RefreshInBackground(string cacheKey, string[] hashes, Partner partner)
    {
        if (!cache.TryBeginRefresh(cacheKey)) return;
        var generation = cache.Generation;
        _ = Task.Run(async () =>
        {
            try
            {
                cache.Remember(cacheKey, await LookUpAsync(hashes, CancellationToken.None), generation);
            }
            catch (Exception e)
            {
                // Once per outage and partner, not once a second.
                var level = cache.Postpone(cacheKey, generation) ? LogLevel.Warning : LogLevel.Debug;
                log.Log(level, "Could not refresh partner {PartnerId} from the database ({Error}); answering from memory until it can",
                    partner.Id, e.Message);
            }
            finally
            {
                cache.EndRefresh(cacheKey);
            }
        });
    }
}
