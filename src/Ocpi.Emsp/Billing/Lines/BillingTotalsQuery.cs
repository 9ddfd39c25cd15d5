using Marten;
using Marten.Schema;
using Npgsql;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>GET /api/billing/totals: one row per key, month and currency.</summary>
public sealed record BillingTotals(string GroupBy, string TimeZone, IReadOnlyList<BillingTotal> Items);

/// <summary>
/// The totals of one key (contract id, CPO party CC-PID, or CC-PID/location id), month and currency. Energy and times
/// are those of the CDRs less those of the credit CDRs; costs are the CDRs' stated total_cost plus the credit CDRs'
/// (which the spec makes negative), so a fully credited CDR nets to zero.
/// </summary>
public sealed record BillingTotal(string Key, string Month, string Currency, long CdrCount, long CreditCdrCount,
    decimal TotalEnergy, decimal TotalTime, decimal TotalParkingTime, decimal BeforeTaxes, decimal Taxes, decimal AfterTaxes);

/// <summary>
/// The totals of GET /api/billing/totals, summed by PostgreSQL over the billing lines' table (GROUP BY over its plain columns) rather than kept by a
/// second projection: any grouping, month or currency is answered from one view, and a line's correction (a later cost
/// check) is in every total at once. A credit CDR counts in the month of the CDR it credits when we hold that one,
/// so that a month's total nets out even when the credit came a month later; else in its own month.
/// </summary>
public static class BillingTotalsQuery
{
    public static readonly string[] Groupings = ["contract", "cpo", "location"];

    /// <param name="groupBy">One of <see cref="Groupings"/>.</param>
    /// <param name="billingZone">Months of the billing time zone (billing_month) rather than UTC (month).</param>
    public static async Task<IReadOnlyList<BillingTotal>> SumAsync(IDocumentStore documentStore, string groupBy, bool billingZone,
        string? month, string? currency, CancellationToken ct)
    {
        var store = (DocumentStore)documentStore;
        var mapping = (DocumentMapping)((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(typeof(BillingLine));
        var table = mapping.TableName.QualifiedName;
        // The duplicated columns, named as Marten names them.
        var columns = mapping.DuplicatedFields.ToDictionary(f => f.Members[^1].Name, f => f.ColumnName);
        string countryCode = columns[nameof(BillingLine.CountryCode)], partyId = columns[nameof(BillingLine.PartyId)],
            lineCurrency = columns[nameof(BillingLine.Currency)];
        var monthColumn = columns[billingZone ? nameof(BillingLine.BillingMonth) : nameof(BillingLine.Month)];
        var key = groupBy switch
        {
            "contract" => $"coalesce(l.{columns[nameof(BillingLine.ContractId)]}, '')",
            "location" => $"l.{countryCode} || '-' || l.{partyId} || '/' || coalesce(l.{columns[nameof(BillingLine.LocationId)]}, '')",
            _ => $"l.{countryCode} || '-' || l.{partyId}",
        };
        const string credit = "coalesce((l.data ->> 'credit')::boolean, false)";
        // Energy and times: a credit CDR repeats the original's (positive, by the spec's "all data of the original").
        static string Net(string field) =>
            $"sum(case when l.credit then -abs(coalesce((l.data ->> '{field}')::numeric, 0)) else coalesce((l.data ->> '{field}')::numeric, 0) end)";
        var sql = $"""
            with counted as (
              select {key} as key, coalesce(o.{monthColumn}, l.{monthColumn}) as month, l.{lineCurrency} as currency, {credit} as credit, l.data,
                     coalesce((l.data -> 'total_cost' ->> 'before_taxes')::numeric, 0) as before_taxes,
                     (select coalesce(sum((t ->> 'amount')::numeric), 0)
                        from jsonb_array_elements(coalesce(l.data -> 'total_cost' -> 'taxes', '[]'::jsonb)) t) as taxes
              from {table} l
              left join {table} o
                on {credit} and o.id = 'cdr:' || l.{countryCode} || '-' || l.{partyId} || ':' || upper(l.data ->> 'credit_reference_id')
              where (@currency::varchar is null or l.{lineCurrency} = @currency)
            )
            select l.key, l.month, l.currency,
                   count(*) filter (where not l.credit), count(*) filter (where l.credit),
                   {Net("total_energy")}, {Net("total_time")}, {Net("total_parking_time")},
                   sum(l.before_taxes), sum(l.taxes)
            from counted l
            where (@month::varchar is null or l.month = @month)
            group by l.month, l.key, l.currency
            order by l.month, l.key collate "C", l.currency
            """;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("month", NpgsqlTypes.NpgsqlDbType.Varchar, (object?)month ?? DBNull.Value);
        command.Parameters.AddWithValue("currency", NpgsqlTypes.NpgsqlDbType.Varchar, (object?)currency ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<BillingTotal>();
        while (await reader.ReadAsync(ct))
        {
            var beforeTaxes = reader.GetDecimal(8);
            var taxes = reader.GetDecimal(9);
            items.Add(new BillingTotal(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), beforeTaxes, taxes, beforeTaxes + taxes));
        }
        return items;
    }
}
