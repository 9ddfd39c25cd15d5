using Marten;
using Marten.Linq.LastModified;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Fills the <see cref="TokenDirectory"/> at start (every token, in pages by key) and then reads every token view the
/// database changed since the previous poll (Emsp:Tokens:DirectoryRefreshInterval, default 1 s), so changes made on
/// other nodes reach this one within about that interval. Each poll reads again what transactions that began up to
/// <see cref="Overlap"/> earlier wrote: a document's last-modified time is its transaction's start, and a transaction
/// may commit after a poll that began later.
/// </summary>
public sealed class TokenDirectorySync(IDocumentStore store, TokenDirectory directory, IConfiguration configuration, ILogger<TokenDirectorySync> log)
    : BackgroundService
{
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(10);
    private const int PageSize = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Emsp:Tokens:DirectoryRefreshInterval", TimeSpan.FromSeconds(1));
        DateTimeOffset? since = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                since = since is { } watermark ? await ReadChangesAsync(watermark, stoppingToken) : await ReadAllAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not refresh the in-memory token directory; authorization reads the database for tokens it misses");
            }
            try { await Task.Delay(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<DateTimeOffset> ReadAllAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var started = await DatabaseNowAsync(session, ct);
        var after = "";
        while (true)
        {
            var page = await session.Query<TokenView>().Where(t => t.Id.CompareTo(after) > 0).OrderBy(t => t.Id).Take(PageSize).ToListAsync(ct);
            foreach (var view in page) directory.Remember(view);
            if (page.Count < PageSize) break;
            after = page[^1].Id;
        }
        log.LogInformation("Token directory loaded: {Tokens} tokens in memory", directory.Count);
        return started - Overlap;
    }

    /// <summary>Reads keys and versions first (cheap), then the whole view only of tokens newer than the one held.</summary>
    private async Task<DateTimeOffset> ReadChangesAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var now = await DatabaseNowAsync(session, ct);
        var changed = await session.Query<TokenView>().Where(t => t.ModifiedSince(since))
            .Select(t => new TokenVersion(t.Id, t.Version)).ToListAsync(ct);
        var newer = changed.Where(c => !directory.Holds(c.Id, c.Version)).Select(c => c.Id).ToList();
        foreach (var keys in newer.Chunk(PageSize))
            foreach (var view in await session.LoadManyAsync<TokenView>(ct, keys)) directory.Remember(view);
        return now - Overlap;
    }

    private sealed record TokenVersion(string Id, long Version);

    private static async Task<DateTimeOffset> DatabaseNowAsync(IQuerySession session, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<DateTimeOffset>("select now()", ct)).Single();
}
