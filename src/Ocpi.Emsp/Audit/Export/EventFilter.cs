using System.ComponentModel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>
/// Which events an audit read selects; every condition given must hold (AND). Times bound the instant we appended the
/// event (mt_events.timestamp): from inclusive, to exclusive.
/// </summary>
public sealed record EventFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Partner = null,
    IReadOnlyList<string>? Types = null,
    string? StreamPrefix = null,
    string? Stream = null)
{
    /// <summary>
    /// Reads the filter of <c>GET /api/audit/events</c> and <c>events export</c>: bad values are recorded on
    /// <paramref name="check"/> (a 400 naming the parameter). Types must be event type names the store knows.
    /// </summary>
    public static EventFilter Parse(QueryCheck check, EventFilterParameters p, IDocumentStore store)
    {
        var from = check.Instant("from", p.From);
        var to = check.Instant("to", p.To);
        check.Period(from, to);
        string[]? types = null;
        if (!string.IsNullOrWhiteSpace(p.Type))
        {
            types = p.Type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var known = KnownTypes(store);
            if (types.Length == 0 || types.Any(t => !known.Contains(t)))
                check.Fail("type", $"must be event type names such as {string.Join(", ", known.Order().Take(5))} (comma-separated)");
        }
        var partner = Text(check, "partner", p.Partner);
        var prefix = Text(check, "stream_prefix", p.StreamPrefix);
        return new EventFilter(from, to, partner, types, prefix);
    }

    /// <summary>The event type names (mt_events.type) the store maps, e.g. session_put.</summary>
    public static HashSet<string> KnownTypes(IDocumentStore store) =>
        [.. store.Options.Events.AllKnownEventTypes().Select(t => t.EventTypeName)];

    private static string? Text(QueryCheck check, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length > 200 || text.Any(char.IsControl)) check.Fail(name, "must be at most 200 printable characters");
        return text;
    }
}

/// <summary>The query parameters of the event export.</summary>
public sealed class EventFilterParameters
{
    [FromQuery(Name = "from"), Description("Only events appended at or after this RFC 3339 date-time.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Only events appended before this RFC 3339 date-time.")]
    public string? To { get; init; }

    [FromQuery(Name = "partner"), Description("Only events caused by requests of this partner (its id, e.g. p-1a2b3c4d5e6f).")]
    public string? Partner { get; init; }

    [FromQuery(Name = "type"), Description("Only events of these types (event type names such as session_put; comma-separated).")]
    public string? Type { get; init; }

    [FromQuery(Name = "stream_prefix"), Description("Only events of streams whose key starts with this text, e.g. session:NL-TNM:")]
    public string? StreamPrefix { get; init; }
}
