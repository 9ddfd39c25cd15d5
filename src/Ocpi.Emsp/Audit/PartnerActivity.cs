using Marten;
using Npgsql;
using Ocpi.Emsp.Audit.Export;

namespace Ocpi.Emsp.Audit;

/// <summary>How many events of one type a partner's requests caused in a period, and when the first and last were appended.</summary>
public sealed record ActivityByType(string Type, long Events, DateTimeOffset First, DateTimeOffset Last);

/// <summary>The same per OCPI module, with its event types.</summary>
public sealed record ActivityByModule(string Module, long Events, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<ActivityByType> Types);

/// <summary>What a partner told us in a period: the events its requests caused (metadata <c>partner</c>), by module and type.</summary>
public sealed record PartnerActivityAnswer(string PartnerId, DateTimeOffset? From, DateTimeOffset? To, long Events, IReadOnlyList<ActivityByModule> Modules);

/// <summary>
/// Counts a partner's events in PostgreSQL (one GROUP BY over the period, nothing loaded per event). The module is read off
/// the stream key: its kind before the first ':' (partner streams, "p-...", are the credentials module; an authorization
/// is a call of the Tokens module).
/// </summary>
public static class PartnerActivity
{
    private static readonly Dictionary<string, string> Modules = new(StringComparer.Ordinal)
    {
        ["p-"] = "credentials", ["location"] = "locations", ["session"] = "sessions", ["cdr"] = "cdrs", ["tariff"] = "tariffs",
        ["token"] = "tokens", ["authorization"] = "tokens",
    };

    public static async Task<PartnerActivityAnswer> ReadAsync(IDocumentStore store, string partnerId, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken ct)
    {
        var filter = new EventFilter(from, to, partnerId);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
             select case when starts_with(e.stream_id, 'p-') then 'p-' else split_part(e.stream_id, ':', 1) end as kind,
                    e.type, count(*), min(e.timestamp), max(e.timestamp)
             from {store.Options.Events.DatabaseSchemaName}.mt_events e
             where e.headers ->> 'partner' = @partner
               and (@from::timestamptz is null or e.timestamp >= @from) and (@to::timestamptz is null or e.timestamp < @to)
             group by 1, 2
             """, connection);
        command.Parameters.AddWithValue("partner", filter.Partner!);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)from?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)to?.UtcDateTime ?? DBNull.Value });
        var rows = new List<(string Module, ActivityByType Type)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((Modules.GetValueOrDefault(reader.GetString(0), reader.GetString(0)), new ActivityByType(reader.GetString(1),
                    reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4))));

        var modules = rows.GroupBy(r => r.Module)
            .Select(g => new ActivityByModule(g.Key, g.Sum(r => r.Type.Events), g.Min(r => r.Type.First), g.Max(r => r.Type.Last),
                [.. g.Select(r => r.Type).OrderBy(t => t.Type, StringComparer.Ordinal)]))
            .OrderBy(m => m.Module, StringComparer.Ordinal)
            .ToList();
        return new PartnerActivityAnswer(partnerId, from, to, modules.Sum(m => m.Events), modules);
    }
}
