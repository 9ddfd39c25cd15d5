using System.Collections.Concurrent;
using Marten;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.InvoiceReconciliation;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Tokens;

namespace Ocpi.Emsp.Audit.State;

/// <summary>
/// The view a stream folds into, read off its key: every kind of stream has its own key prefix. A stream of a kind not
/// listed here falls back to the aggregate type Marten recorded when the stream was started (mt_streams.type).
/// </summary>
public static class StreamKinds
{
    private static readonly (string Prefix, Type View)[] Prefixes =
    [
        ("p-", typeof(Partner)),
        ("location:", typeof(LocationView)),
        ("session:", typeof(SessionView)),
        ("cdr:", typeof(CdrView)),
        ("tariff:", typeof(TariffView)),
        ("token:", typeof(TokenView)),
        ("authorization:", typeof(AuthorizationView)),
        ("invoicereconciliation:", typeof(InvoiceReconciliationView)),
    ];

    private static readonly ConcurrentDictionary<Type, Func<IQuerySession, string, long, CancellationToken, Task<object?>>> Folds = new();

    public static async Task<Type?> ViewTypeAsync(IQuerySession session, string streamKey, CancellationToken ct)
    {
        foreach (var (prefix, view) in Prefixes)
            if (streamKey.StartsWith(prefix, StringComparison.Ordinal)) return view;
        return (await session.Events.FetchStreamStateAsync(streamKey, ct))?.AggregateType;
    }

    /// <summary>The stream's events up to <paramref name="version"/> folded by the projection that builds <paramref name="view"/>.</summary>
    public static Task<object?> FoldAsync(IQuerySession session, Type view, string streamKey, long version, CancellationToken ct) =>
        Folds.GetOrAdd(view, type => typeof(StreamKinds).GetMethod(nameof(Fold), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate<Func<IQuerySession, string, long, CancellationToken, Task<object?>>>())(session, streamKey, version, ct);

    private static async Task<object?> Fold<TView>(IQuerySession session, string streamKey, long version, CancellationToken ct) where TView : class =>
        await session.Events.AggregateStreamAsync<TView>(streamKey, version: version, token: ct);
}
