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
/// Finds the partner behind a credentials token: one indexed read on the partner view, usually answered from memory (a
/// query session is opened only when the cache cannot answer).
/// </summary>
public sealed class PartnerDirectory(IDocumentStore store, PartnerAuthenticationCache cache)
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
        if (!cache.TryGet(cacheKey, out var found))
        {
            try
            {
                await using var session = store.QuerySession();
                var partners = await session.Query<Partner>()
                    .Where(p => hashes.Contains(p.TokenHash!) || hashes.Contains(p.PendingTokenHash!))
                    .Take(2)
                    .ToListAsync(ct);
                found = partners.Count == 1 ? partners[0] : null;
                cache.Remember(cacheKey, found);
            }
            catch (Exception e) when (e is not OperationCanceledException && cache.TryGetExpired(cacheKey, out var remembered))
            {
                // The database is unreachable (a restart, a failover): partners this node knew keep being served, so
                // that real-time authorization, which needs no database, keeps answering drivers.
                found = remembered;
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
}
