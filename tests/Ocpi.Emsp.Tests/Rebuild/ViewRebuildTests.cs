using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Npgsql;
using Ocpi.Emsp.Billing;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Billing.Lines;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InternalApi;
using Ocpi.Emsp.Tests.Tokens;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.Rebuild;

/// <summary>The cost check on arrival is off: the workload appends its own CdrCostChecked at a known stream version.</summary>
public sealed class ViewRebuildFixture : EmspFixture
{
    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting(global::Ocpi.Emsp.Billing.CostChecks.CostCheckOptions.EnabledKey, "false");
}

/// <summary>
/// <c>views rebuild</c> refills every stored view from the events in bulk. What it writes must be exactly what the
/// projections wrote while the pushes came in: every column of every row (document, revision, duplicated fields).
/// </summary>
public sealed class ViewRebuildTests(ViewRebuildFixture emsp) : IClassFixture<ViewRebuildFixture>
{
    private static readonly string[] ViewTables =
    [
        "mt_doc_partner", "mt_doc_locationview", "mt_doc_sessionview", "mt_doc_cdrview", "mt_doc_tariffview",
        "mt_doc_tokenview", "mt_doc_cpodailycdrtotals", "mt_doc_partnerregistrystats", "mt_doc_billingline", "mt_doc_bookinglocationview",
    ];

    [Fact]
    public async Task rebuilt_views_are_identical_to_the_views_the_pushes_built_and_the_daemon_continues_after_them()
    {
        await PushSomeOfEverythingAsync();
        await emsp.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var before = await SnapshotAsync();
        before["mt_doc_sessionview"].Count.ShouldBe(3);
        before["mt_doc_cdrview"].Count.ShouldBe(4);
        before["mt_doc_cpodailycdrtotals"].Count.ShouldBe(3);
        before["mt_doc_billingline"].Count.ShouldBe(4);
        before["mt_doc_billingline"].Count(r => r.Contains("OVERCHARGED")).ShouldBe(1);
        await WipeAsync("mt_doc_sessionview", "mt_doc_cpodailycdrtotals", "mt_doc_billingline", "mt_doc_bookinglocationview");

        var results = await new ViewRebuilder(emsp.Store).RebuildAsync(null, CancellationToken.None);

        results.Select(r => r.Name).ShouldBe(["Partner", "PartnerRegistryStats", "LocationView", "SessionView", "TariffView",
            "CdrView", "InvoiceReconciliationView", "CommandView", "ChargingProfileView", "HubPartyView", "TokenView", "CpoDailyCdrTotals", "BillingLine", "BookingLocationView"], ignoreOrder: true);
        results.Single(r => r.Name == "SessionView").ShouldSatisfyAllConditions(
            r => r.Documents.ShouldBe(3), r => r.Events.ShouldBe(5));
        var after = await SnapshotAsync();
        foreach (var table in ViewTables) after[table].ShouldBe(before[table], table);

        // The daemon goes on from where the rebuild stopped: a new CDR is counted once, the earlier ones are not again.
        var cpo = await emsp.RegisteredCpoAsync();
        await Push.CdrAsync(cpo.Cpo, "R-NEW", "2025-05-01T10:00:00Z");
        await emsp.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await using var session = emsp.Store.QuerySession();
        var totals = await session.Query<CpoDailyCdrTotals>().ToListAsync();
        totals.Sum(t => t.CdrCount).ShouldBe(5);
        (await session.Query<BillingLine>().CountAsync()).ShouldBe(5);
    }

    [Fact]
    public async Task an_unknown_view_name_is_refused_before_anything_is_touched()
    {
        var error = await Should.ThrowAsync<ArgumentException>(() =>
            new ViewRebuilder(emsp.Store).RebuildAsync(["SessionView", "NoSuchView"], CancellationToken.None));

        error.Message.ShouldContain("NoSuchView");
    }

    private async Task PushSomeOfEverythingAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "L1", "2025-04-01T10:00:00Z");
        var evse = $"{Push.Url(cpo, "locations", "L1")}/3256";
        await Push.SendAsync(cpo, HttpMethod.Patch, evse, new JsonObject { ["status"] = "CHARGING", ["last_updated"] = "2025-04-01T10:05:00Z" });
        await Push.SendAsync(cpo, HttpMethod.Patch, evse, new JsonObject { ["status"] = "AVAILABLE", ["last_updated"] = "2025-04-01T11:05:00Z" });
        await Push.SessionAsync(cpo, "S1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");
        await Push.SendAsync(cpo, HttpMethod.Patch, Push.Url(cpo, "sessions", "S1"),
            new JsonObject { ["kwh"] = 7.5, ["last_updated"] = "2025-04-01T10:30:00Z" });
        await Push.SendAsync(cpo, HttpMethod.Patch, Push.Url(cpo, "sessions", "S1"),
            new JsonObject { ["status"] = "COMPLETED", ["end_date_time"] = "2025-04-01T11:00:00Z", ["last_updated"] = "2025-04-01T11:00:00Z" });
        await Push.SessionAsync(cpo, "S2", "PENDING", "2025-04-02T08:00:00Z", "NL-EMS-C2");
        await Push.SessionAsync(other, "S1", "ACTIVE", "2025-04-02T09:00:00Z", "NL-EMS-C3");
        await Push.CdrAsync(cpo, "C1", "2025-04-01T11:00:00Z", energy: 7.5m);
        await Push.CdrAsync(cpo, "C2", "2025-04-01T18:00:00Z");
        await Push.CdrAsync(cpo, "C3", "2025-04-02T18:00:00Z", currency: "CAD");
        await Push.CdrAsync(other, "C1", "2025-04-01T12:00:00Z");
        // What the cost check appends: the billing line takes its verdict (rebuilt from the same two events).
        await using (var session = emsp.Store.LightweightSession())
        {
            var stated = new Price(4.00m, [new TaxAmount("VAT", 0.40m, 10m)]);
            // At its version, as the cost check appends it: an append without one leaves the inline view's version unknown.
            session.Events.Append(Push.Key("cdr", cpo, "C2"), 2, new CdrCostChecked("C2", new CostCheck(CostCheckVerdict.Overcharged,
                stated, Price.Zero, 4.00m, [new DimensionCheck("TIME", stated, Price.Zero, 4.00m)], null, [], 0.01m)));
            await session.SaveChangesAsync();
        }
        await Push.TariffAsync(cpo, "T1", "2025-04-01T00:00:00Z");
        await Push.TariffAsync(cpo, "T2", "2025-04-01T00:00:00Z");
        var bookingLocation = cpo.BookingLocation("BL1", "L1", new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));
        bookingLocation["last_updated"] = "2025-04-01T00:00:00Z";
        bookingLocation["calendars"]![0]!["last_updated"] = "2025-04-01T00:00:00Z";
        (await cpo.PublishBookingLocationAsync(bookingLocation)).StatusCode.ShouldBe(1000);
        (await cpo.PatchBookingCalendarAsync("BL1", "CAL1", new JsonObject { ["timeslot_increment"] = 30, ["last_updated"] = "2025-04-02T00:00:00Z" }))
            .StatusCode.ShouldBe(1000);
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T2"));
        var token = TokensFixture.NewToken("REBUILD1");
        var put = await emsp.InternalApi().PutAsync($"/api/tokens/REBUILD1?type=RFID",
            new StringContent(token.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>Every row of every view table, every column but the time it was written, in id order.</summary>
    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in ViewTables)
        {
            await using var command = new NpgsqlCommand(
                $"select (to_jsonb(t) - 'mt_last_modified')::text from emsp.{table} t order by id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            snapshot[table] = rows;
        }
        return snapshot;
    }

    /// <summary>Damage two views, so that the rebuild has to restore them (and cannot pass by leaving rows as they were).</summary>
    private async Task WipeAsync(params string[] tables)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"delete from emsp.{table}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
