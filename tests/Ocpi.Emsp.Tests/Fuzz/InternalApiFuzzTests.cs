using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Fuzz;

public sealed class InternalApiFuzzFixture : EmspFixture;

/// <summary>
/// The internal API's billing, audit, reconciliation, pricing and sync endpoints under generated hostile requests (odd
/// ids in the path, odd query values, mutated bodies), with a fixed seed: never an HTTP 500, a refused request stores
/// nothing.
/// </summary>
public sealed class InternalApiFuzzTests(InternalApiFuzzFixture emsp) : IClassFixture<InternalApiFuzzFixture>
{
    private const int PerEndpoint = 24;

    /// <summary>GETs: a template whose {id} takes odd path segments and {q} odd query values.</summary>
    public static TheoryData<string> Reads => new()
    {
        "/api/billing/lines?from={q}&to={q}&month={q}&cpo={q}&currency={q}&verdict={q}&offset={q}&limit={q}",
        "/api/billing/lines?format=csv&month={q}&time_zone={q}",
        "/api/billing/lines/{id}/{id}/{id}",
        "/api/billing/totals?group_by={q}&month={q}&currency={q}&time_zone={q}",
        "/api/billing/reconciliation?cpo={q}&direction={q}&offset={q}&limit={q}",
        "/api/billing/reconciliation/{id}/{id}/{id}",
        "/api/audit/streams/{id}/events",
        "/api/audit/streams/{id}/state?at={q}&version={q}",
        "/api/audit/events?from={q}&to={q}&partner={q}&type={q}&stream_prefix={q}",
        "/api/audit/partners/{id}/activity?from={q}&to={q}",
        "/api/audit/verify?from={q}&to={q}",
        "/api/partners/{id}/sync",
        "/api/commands?cpo={q}&status={q}&type={q}&offset={q}&limit={q}",
        "/api/commands/{id}",
        "/api/sessions/{id}/{id}/{id}/charging-profile/history",
        "/api/sessions/{id}/{id}/{id}/commands",
        "/api/hub/parties?hub={q}&status={q}&role={q}&offset={q}&limit={q}",
        "/api/bookings?cpo={q}&status={q}&from={q}&to={q}&offset={q}&limit={q}",
        "/api/bookings/{id}",
        "/api/booking-locations?cpo={q}&location_id={q}&from={q}&to={q}&offset={q}&limit={q}",
        "/api/booking-locations/{id}/{id}/{id}?from={q}&to={q}",
        "/api/booking-locations/{id}/{id}/{id}/events",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task odd_paths_and_query_values_never_get_a_500(string template)
    {
        using var client = emsp.InternalApi();
        var seed = HostileGen.SeedFor(template);
        var ids = HostileGen.Sample(HostileGen.OddId, PerEndpoint, seed);
        var values = HostileGen.Sample(HostileGen.OddQueryValue, PerEndpoint, seed + 1);
        for (var i = 0; i < PerEndpoint; i++)
        {
            var url = template.Replace("{id}", ids[i]).Replace("{q}", values[i]);
            using var response = await client.GetAsync(url);
            ((int)response.StatusCode).ShouldBeLessThan(500, $"GET {url}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task mutated_pricing_bodies_never_get_a_500()
    {
        var body = new JsonObject
        {
            ["tariff"] = SpecExamples.Load("tariff_1_simple_2hour.json"),
            ["cdr"] = SpecExamples.Load("cdr_example.json"),
        };
        await SendMutatedAsync("/api/tariffs/price", body, null);
    }

    [Fact]
    public async Task mutated_reverse_billing_requests_never_get_a_500_and_a_refused_one_stores_nothing()
    {
        var body = new JsonObject
        {
            ["cpo"] = new JsonObject { ["country_code"] = "DE", ["party_id"] = "FZZ" },
            ["month"] = "2026-11",
            ["invoice_id"] = "INV-1",
        };
        await SendMutatedAsync("/api/billing/reconciliation", body, "invoicereconciliation:");
    }

    [Fact]
    public async Task mutated_booking_requests_never_get_a_500_and_a_refused_one_stores_nothing()
    {
        var body = new JsonObject
        {
            ["cpo"] = new JsonObject { ["country_code"] = "DE", ["party_id"] = "FZZ" },
            ["booking_location_id"] = "BL1", ["location_id"] = "LOC1",
            ["period"] = new JsonObject { ["start_date_time"] = "2099-01-01T10:00:00Z", ["end_date_time"] = "2099-01-01T11:00:00Z" },
            ["tokens"] = new JsonArray(new JsonObject { ["uid"] = "T1", ["type"] = "RFID" }),
        };
        await SendMutatedAsync("/api/bookings", body, "booking:");
    }

    [Fact]
    public async Task odd_booking_changes_and_cancellations_never_get_a_500_and_store_nothing()
    {
        using var client = emsp.InternalApi();
        var ids = HostileGen.Sample(HostileGen.OddId, PerEndpoint, HostileGen.Seed + 9);
        var values = HostileGen.Sample(HostileGen.OddQueryValue, PerEndpoint, HostileGen.Seed + 10);
        var before = await RawOcpi.EventCountAsync(emsp, "booking:");
        for (var i = 0; i < PerEndpoint; i++)
        {
            using var delete = await client.DeleteAsync($"/api/bookings/{ids[i]}?reason={values[i]}");
            ((int)delete.StatusCode).ShouldBeLessThan(500, $"DELETE {ids[i]} {values[i]}: {await delete.Content.ReadAsStringAsync()}");
            using var patch = await client.PatchAsync($"/api/bookings/{ids[i]}", new StringContent("{\"tokens\": []}", Encoding.UTF8, "application/json"));
            ((int)patch.StatusCode).ShouldBeLessThan(500, $"PATCH {ids[i]}: {await patch.Content.ReadAsStringAsync()}");
        }
        (await RawOcpi.EventCountAsync(emsp, "booking:")).ShouldBe(before);
    }

    [Fact]
    public async Task odd_sync_triggers_never_get_a_500()
    {
        using var client = emsp.InternalApi();
        var ids = HostileGen.Sample(HostileGen.OddId, PerEndpoint, HostileGen.Seed + 7);
        var values = HostileGen.Sample(HostileGen.OddQueryValue, PerEndpoint, HostileGen.Seed + 8);
        for (var i = 0; i < PerEndpoint; i++)
        {
            using var response = await client.PostAsync($"/api/partners/{ids[i]}/sync?modules={values[i]}", null);
            ((int)response.StatusCode).ShouldBeLessThan(500, $"{ids[i]} {values[i]}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task SendMutatedAsync(string path, JsonObject valid, string? storedUnder)
    {
        using var client = emsp.InternalApi();
        var bodies = HostileGen.Sample(HostileGen.Mutated(Encoding.UTF8.GetBytes(valid.ToJsonString())), PerEndpoint,
            HostileGen.Seed + (ulong)path.Length);
        foreach (var body in bodies)
        {
            var before = storedUnder is null ? 0 : await RawOcpi.EventCountAsync(emsp, storedUnder);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(path, content);
            var what = $"POST {path} {Encoding.UTF8.GetString(body[..Math.Min(200, body.Length)])}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            ((int)response.StatusCode).ShouldBeLessThan(500, what);
            if (storedUnder is not null && !response.IsSuccessStatusCode)
                (await RawOcpi.EventCountAsync(emsp, storedUnder)).ShouldBe(before, what);
        }
    }
}
