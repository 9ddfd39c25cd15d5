using System.Globalization;
using System.Text;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Billing.Lines;

/// <summary>
/// The billing lines of a query as CSV (RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma,
/// a quote or a line break), written while they are read: rows come from PostgreSQL one at a time (Marten's
/// <c>ToAsyncEnumerable</c> over one Npgsql reader) and leave through a 16 KB buffer, so memory stays the same for a
/// thousand lines or a million, and a slow reader slows the database read instead of piling rows up here. Prices are
/// flattened into before_taxes, taxes and after_taxes per cost part. Once the first bytes are sent the status cannot
/// change: a failure later aborts the connection, so that a cut file is never mistaken for a complete one.
/// </summary>
public sealed class BillingLinesCsv(IQueryable<BillingLine> lines) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string MediaType = "text/csv";

    private static readonly string[] CostParts =
        ["total_cost", "total_energy_cost", "total_time_cost", "total_parking_cost", "total_fixed_cost", "total_reservation_cost"];

    public static IReadOnlyList<string> Header { get; } =
    [
        "id", "country_code", "party_id", "cdr_id", "partner_id", "location_id", "evse_uid", "connector_id", "token_uid",
        "token_type", "contract_id", "auth_method", "authorization_reference", "start_date_time", "end_date_time", "month",
        "billing_month", "total_energy", "total_time", "total_parking_time", "currency",
        .. CostParts.SelectMany(p => new[] { $"{p}_before_taxes", $"{p}_taxes", $"{p}_after_taxes" }),
        "tariff_ids", "credit", "credit_reference_id", "verdict", "cost_difference",
    ];

    public int? StatusCode => StatusCodes.Status200OK;
    public string ContentType => $"{MediaType}; charset=utf-8";

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ContentType;
        http.Response.Headers.ContentDisposition = "attachment; filename=\"billing-lines.csv\"";
        // Asynchronous writes only: Kestrel refuses synchronous I/O, and StreamWriter flushes synchronously when its
        // buffer fills during a synchronous Write.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        var row = new StringBuilder(1024);
        try
        {
            AppendRow(row, Header);
            await writer.WriteAsync(row, ct);
            await foreach (var line in Marten.QueryableExtensions.ToAsyncEnumerable(lines, ct))
            {
                row.Clear();
                AppendRow(row, Fields(line));
                await writer.WriteAsync(row, ct);
            }
            await writer.FlushAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            http.RequestServices.GetRequiredService<ILogger<BillingLinesCsv>>().LogError(e, "The billing lines CSV export failed after it had started; the connection is aborted");
            http.Abort();
        }
    }

    private static IEnumerable<string?> Fields(BillingLine l)
    {
        string? N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);
        yield return l.Id;
        yield return l.CountryCode;
        yield return l.PartyId;
        yield return l.CdrId;
        yield return l.PartnerId;
        yield return l.LocationId;
        yield return l.EvseUid;
        yield return l.ConnectorId;
        yield return l.TokenUid;
        yield return l.TokenType;
        yield return l.ContractId;
        yield return l.AuthMethod;
        yield return l.AuthorizationReference;
        yield return OcpiDateTime.Format(l.StartDateTime);
        yield return OcpiDateTime.Format(l.EndDateTime);
        yield return l.Month;
        yield return l.BillingMonth;
        yield return N(l.TotalEnergy);
        yield return N(l.TotalTime);
        yield return N(l.TotalParkingTime);
        yield return l.Currency;
        foreach (var price in new[] { l.TotalCost, l.TotalEnergyCost, l.TotalTimeCost, l.TotalParkingCost, l.TotalFixedCost, l.TotalReservationCost })
        {
            yield return N(price?.BeforeTaxes);
            yield return N(price?.Taxes.Sum(t => t.Amount));
            yield return N(price?.AfterTaxes);
        }
        yield return string.Join(';', l.TariffIds);
        yield return l.Credit ? "true" : "false";
        yield return l.CreditReferenceId;
        yield return l.Verdict;
        yield return N(l.CostCheck?.Difference);
    }

    private static void AppendRow(StringBuilder row, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) row.Append(',');
            first = false;
            if (field is null) continue;
            if (field.AsSpan().IndexOfAny(",\"\r\n") < 0) row.Append(field);
            else row.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
        }
        row.Append("\r\n");
    }
}
