using System.Net;
using Marten;
using Npgsql;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Billing.Lines;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;
using Weasel.Core;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Billing;

/// <summary>Tests that measure this process's managed heap run alone: another test's allocations would blur the measure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BillingExportCollection
{
    public const string Name = "billing export (measures the heap, runs alone)";
}

public sealed class BillingExportFixture : EmspFixture;

/// <summary>
/// The CSV export of 100,000 billing lines is streamed: written while PostgreSQL is still sending the rows, with the
/// service's managed heap (the service runs in this process) growing by far less than the size of the CSV. A buffered
/// export (the lines read into a list, or the CSV built in memory before it is sent) fails both: its query would be
/// over before the first row arrived, and its heap would hold at least the CSV's size while the client reads.
/// </summary>
[Collection(BillingExportCollection.Name)]
public sealed class BillingLinesExportTests(BillingExportFixture emsp, ITestOutputHelper output) : IClassFixture<BillingExportFixture>
{
    private const int Lines = 100_000;
    private const string Party = "DE-XPT";

    [Fact]
    public async Task a_csv_export_of_100000_lines_is_streamed_from_the_database_without_holding_the_lines()
    {
        await InsertLinesAsync();
        // A first, empty export: what the first use of the endpoint keeps for good (JIT, Marten's query plans) is not growth.
        (await emsp.InternalApi().GetStringAsync("/api/billing/lines?cpo=DE-NON&format=csv")).ShouldStartWith("id,");
        var heapBefore = Heap();

        using var response = await emsp.InternalApi().GetAsync($"/api/billing/lines?cpo={Party}&format=csv", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var header = await reader.ReadLineAsync();
        header.ShouldBe(string.Join(',', BillingLinesCsv.Header));
        long bytes = header!.Length + 2, rows = 0;
        string? line;
        while (rows < 1_000 && (line = await reader.ReadLineAsync()) is not null)
        {
            if (rows == 0) line.ShouldStartWith($"cdr:{Party}:X000000,");
            bytes += line.Length + 2;
            rows++;
        }

        // The client has read 1% of the rows and pauses: the export's query is still running in PostgreSQL, held back
        // by a reader that does not read (a buffered export would have finished it before sending a byte).
        (await ExportQueriesRunningAsync()).ShouldBe(1);
        var heapWhileReading = Heap();

        string? last = null;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            bytes += line.Length + 2;
            rows++;
            last = line;
        }
        rows.ShouldBe(Lines);
        last!.ShouldStartWith($"cdr:{Party}:X{Lines - 1:D6},");
        (await ExportQueriesRunningAsync()).ShouldBe(0);
        // The CSV is some 25 MB (the lines as documents several times that); while it was being read the heap grew by
        // less than a fifth of it (measured: about 1 MB, the buffers of the HTTP pipe, Npgsql and the writer).
        output.WriteLine($"CSV: {bytes:N0} bytes; heap growth while reading: {heapWhileReading - heapBefore:N0} bytes");
        bytes.ShouldBeGreaterThan(20_000_000);
        (heapWhileReading - heapBefore).ShouldBeLessThan(bytes / 5, $"heap growth while exporting a CSV of {bytes} bytes");
    }

    /// <summary>The managed heap after a full collection: what the process holds, not what it has allocated and freed.</summary>
    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);

    private async Task<long> ExportQueriesRunningAsync()
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select count(*) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'
              and query ilike '%mt_doc_billingline%' and query not ilike '%count(%'
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The lines as the projection would write them, in bulk (COPY): the export is under test here, not the daemon.</summary>
    private async Task InsertLinesAsync()
    {
        var start = new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var chunk in Enumerable.Range(0, Lines).Chunk(10_000))
        {
            var batch = chunk.Select(i =>
            {
                var end = start.AddMinutes(i);
                var cost = new Price(4.25m + i % 100 / 100m, [new TaxAmount("VAT", 0.89m, 21m)]);
                return new BillingLine
                {
                    Id = $"cdr:{Party}:X{i:D6}", CountryCode = "DE", PartyId = "XPT", CdrId = $"X{i:D6}", PartnerId = "p-export",
                    LocationId = $"LOC{i % 50}", EvseUid = $"EVSE-{i % 200}", ConnectorId = "1", TokenUid = $"TOKEN{i % 1000:D4}",
                    TokenType = "RFID", ContractId = $"DE-XPT-C{i % 1000:D5}", AuthMethod = "WHITELIST", AuthorizationReference = $"AUTH{i}",
                    StartDateTime = end.AddMinutes(-45), EndDateTime = end, TotalEnergy = 12.345m, TotalTime = 0.75m, TotalParkingTime = 0.1m,
                    Currency = "EUR", TotalCost = cost, TotalEnergyCost = cost, TariffIds = ["T1"], Month = BillingTimeZone.UtcMonthOf(end),
                    BillingMonth = BillingTimeZone.UtcMonthOf(end), Verdict = CostCheckVerdict.Match,
                };
            }).ToList();
            await emsp.Store.BulkInsertAsync(batch, BulkInsertMode.InsertsOnly);
        }
    }
}
