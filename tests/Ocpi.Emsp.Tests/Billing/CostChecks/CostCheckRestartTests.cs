using Marten;
using Npgsql;
using Ocpi.Emsp.Billing.CostChecks;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using static Ocpi.Emsp.Tests.Billing.CostChecks.CostCheckPushes;

namespace Ocpi.Emsp.Tests.Billing.CostChecks;

/// <summary>A service on a fresh database, or on the database of one that stopped.</summary>
public sealed class CostCheckHost : EmspFixture
{
    public CostCheckHost(string? connectionString = null)
    {
        if (connectionString is not null) ConnectionString = connectionString;
    }
}

/// <summary>Each CDR is checked once: the daemon's progress survives a restart, so a new host does not check them again.</summary>
public sealed class CostCheckRestartTests
{
    private const int Cdrs = 5;

    [Fact]
    public async Task each_cdr_is_checked_once_and_a_restarted_host_does_not_check_it_again()
    {
        var first = new CostCheckHost();
        await first.InitializeAsync();
        string connectionString = first.ConnectionString;
        var keys = new List<string>();
        long lastReceived;
        try
        {
            var (cpo, _) = await first.RegisteredCpoAsync();
            var tariff = Tariff(cpo, "T-ONCE", 0.25m);
            var held = await PutTariffAsync(first, cpo, tariff);
            for (var i = 0; i < Cdrs; i++)
            {
                var cdr = Cdr(cpo, $"C-ONCE-{i}", held.AddMilliseconds(2), kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: tariff);
                await PostAsync(cpo, cdr);
                if (i == 0) await PostAsync(cpo, cdr); // a redelivery is not a new CDR to check
                keys.Add(CdrExamples.Key(cpo, $"C-ONCE-{i}"));
            }
            foreach (var key in keys) await CostChecked.AtLeastAsync(first, key);
            await using var session = first.Store.QuerySession();
            lastReceived = (await session.Events.FetchStreamAsync(keys[^1])).Single(e => e.Data is CdrReceived).Sequence;
        }
        finally
        {
            await first.DisposeAsync();
        }
        (await ProgressAsync(connectionString)).ShouldBeGreaterThanOrEqualTo(lastReceived, "the progress of the check is stored");

        var second = new CostCheckHost(connectionString);
        await second.InitializeAsync();
        try
        {
            // A CDR received by the new host is checked: its daemon has run past every earlier CDR.
            var (cpo, _) = await second.RegisteredCpoAsync();
            var tariff = Tariff(cpo, "T-LATER", 0.25m);
            var held = await PutTariffAsync(second, cpo, tariff);
            await PostAsync(cpo, Cdr(cpo, "C-LATER", held.AddMilliseconds(2), kwh: 10m, energyCost: 2.50m, vat: 0.25m, named: tariff));
            await CostChecked.AtLeastAsync(second, CdrExamples.Key(cpo, "C-LATER"));

            foreach (var key in keys)
            {
                var checks = await CostChecked.AllAsync(second, key);
                checks.Count.ShouldBe(1, key);
                checks[0].Data.Check.Verdict.ShouldBe(CostCheckVerdict.Match);
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static async Task<long> ProgressAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select coalesce(max(last_seq_id), 0) from emsp.mt_event_progression where name like @name", connection);
        command.Parameters.AddWithValue("name", CostCheckSubscription.SubscriptionName + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
