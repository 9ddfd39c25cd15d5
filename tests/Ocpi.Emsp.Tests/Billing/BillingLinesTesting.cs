using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Billing.Lines;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Billing;

/// <summary>A host whose billing months end in Amsterdam (UTC+1 in winter), so that UTC and billing months can differ.</summary>
public class BillingZoneFixture : EmspFixture
{
    public const string Zone = "Europe/Amsterdam";

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting(BillingTimeZone.Key, Zone);
}

public sealed class BillingLinesFixture : BillingZoneFixture;

/// <summary>CDRs for billing tests, and reads of the billing API that wait for the async projection.</summary>
public static class BillingLinesTesting
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public sealed record Tax(string Name, decimal Amount);

    /// <summary>A CDR to push: the corrected official example with these dates, party data, figures and stated cost.</summary>
    public sealed record Charge(string Id, string End, string Currency = "EUR", string Contract = "NL-EMS-C1", string Location = "LOC1",
        decimal Energy = 10m, decimal Time = 1m, decimal? Parking = null, decimal BeforeTaxes = 1m, Tax[]? Taxes = null,
        string? Credits = null);

    public static JsonObject Build(CpoSimulator.CpoSimulator cpo, Charge c)
    {
        var cdr = CdrExamples.Cdr(cpo, c.Id);
        cdr.Remove("tariffs");
        cdr.Remove("total_time_cost");
        var start = DateTimeOffset.Parse(c.End).AddHours(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        cdr["start_date_time"] = start;
        cdr["end_date_time"] = c.End;
        cdr["charging_periods"] = new JsonArray(new JsonObject
        {
            ["start_date_time"] = start,
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = c.Energy }),
        });
        cdr["currency"] = c.Currency;
        cdr["cdr_token"]!["contract_id"] = c.Contract;
        cdr["cdr_location"]!["id"] = c.Location;
        cdr["total_energy"] = c.Energy;
        cdr["total_time"] = c.Time;
        if (c.Parking is { } parking) cdr["total_parking_time"] = parking;
        var cost = new JsonObject { ["before_taxes"] = c.BeforeTaxes };
        if (c.Taxes is { Length: > 0 } taxes)
            cost["taxes"] = new JsonArray([.. taxes.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["amount"] = t.Amount })]);
        cdr["total_cost"] = cost;
        if (c.Credits is { } original)
        {
            cdr["credit"] = true;
            cdr["credit_reference_id"] = original;
        }
        cdr["last_updated"] = c.End;
        return cdr;
    }

    public static async Task PushAsync(CpoSimulator.CpoSimulator cpo, params Charge[] charges)
    {
        foreach (var charge in charges)
        {
            var post = await CdrExamples.PostAsync(cpo, Build(cpo, charge));
            post.HttpStatus.ShouldBe(HttpStatusCode.Created, post.StatusMessage);
        }
    }

    public static string Cpo(CpoSimulator.CpoSimulator cpo) => $"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}";

    public static async Task<JsonElement> GetAsync(EmspFixture emsp, string url)
    {
        var response = await emsp.InternalApi().GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{url}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Polls the CPO's lines until there are <paramref name="count"/> (bounded), then waits until the daemon has nothing
    /// left to project: what is asserted next is final, not a projection in progress.
    /// </summary>
    public static async Task WaitForLinesAsync(EmspFixture emsp, CpoSimulator.CpoSimulator cpo, int count)
    {
        var clock = Stopwatch.StartNew();
        long total;
        while ((total = (await GetAsync(emsp, $"/api/billing/lines?cpo={Cpo(cpo)}")).GetProperty("total").GetInt64()) != count)
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"{Cpo(cpo)} has {total} billing line(s), not {count}, after {Patience}");
            await Task.Delay(100);
        }
        await emsp.Store.WaitForNonStaleProjectionDataAsync(Patience);
    }

    public static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("cdr_id").GetString()!)];
}
