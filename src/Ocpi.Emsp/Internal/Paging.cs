using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Ocpi.Emsp.Internal;

/// <summary>One page of a list of the internal API: the total number of matches, the window asked for, and its items.</summary>
public sealed record Page<T>(long Total, int Offset, int Limit, IReadOnlyList<T> Items);

/// <summary>The window of a list: items to skip and the page size.</summary>
public readonly record struct PageWindow(int Offset, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

/// <summary>The paging query parameters every list of the internal API takes (bound as text: <see cref="QueryCheck"/> reports bad values).</summary>
public sealed class PageParameters
{
    [FromQuery(Name = "offset"), Description("Number of items to skip; default 0.")]
    public string? Offset { get; init; }

    [FromQuery(Name = "limit"), Description("Page size, 1 to 500; default 50.")]
    public string? Limit { get; init; }
}

public static class Paging
{
    /// <summary>
    /// Counts <paramref name="filtered"/>, then reads one window of it in the given (stable) order. Two statements rather
    /// than Marten's Stats (count(*) over()), which has no row to carry the total when the window lies past the end.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> filtered, Func<IQueryable<T>, IOrderedQueryable<T>> order,
        PageWindow window, CancellationToken ct) where T : notnull
    {
        var total = await filtered.CountAsync(ct);
        IReadOnlyList<T> items = total > window.Offset
            ? await order(filtered).Skip(window.Offset).Take(window.Limit).ToListAsync(ct)
            : [];
        return new Page<T>(total, window.Offset, window.Limit, items);
    }
}
