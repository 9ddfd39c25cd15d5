using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.InternalApi;

namespace Ocpi.Emsp.Tests.Audit;

/// <summary>GET /api/audit/partners/{id}/activity: what one partner told us, by module and event type.</summary>
public sealed class PartnerActivityTests(AuditApiFixture emsp) : IClassFixture<AuditApiFixture>
{
    [Fact]
    public async Task a_cpos_activity_counts_its_own_events_by_module_and_type_and_none_of_another_cpos()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var (other, _) = await emsp.RegisteredCpoAsync();
        await Push.LocationAsync(cpo, "L1", "2025-04-01T10:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Patch, $"{Push.Url(cpo, "locations", "L1")}/3256",
            new JsonObject { ["status"] = "CHARGING", ["last_updated"] = "2025-04-01T10:05:00Z" });
        await Push.TariffAsync(cpo, "T1", "2025-04-01T00:00:00Z");
        await Push.TariffAsync(cpo, "T2", "2025-04-01T00:00:00Z");
        await Push.SendAsync(cpo, HttpMethod.Delete, Push.Url(cpo, "tariffs", "T2"));
        await Push.TariffAsync(other, "T1", "2025-04-01T00:00:00Z");
        await Push.TariffAsync(other, "T3", "2025-04-01T00:00:00Z");
        await Push.SessionAsync(other, "S1", "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");

        var activity = await emsp.GetAsync($"/api/audit/partners/{partnerId}/activity?from={from}");

        activity.GetProperty("partner_id").GetString().ShouldBe(partnerId);
        var modules = activity.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("module").GetString()!);
        modules.Keys.ShouldNotContain("sessions");
        Types(modules["tariffs"]).OrderBy(t => t.Key).ShouldBe([new("tariff_deleted", 1), new("tariff_put", 2)]);
        modules["tariffs"].GetProperty("events").GetInt64().ShouldBe(3);
        Types(modules["locations"]).Values.Sum().ShouldBe(2);
        modules["credentials"].GetProperty("events").GetInt64().ShouldBeGreaterThan(0);
        activity.GetProperty("events").GetInt64().ShouldBe(modules.Values.Sum(m => m.GetProperty("events").GetInt64()));
        var tariffs = modules["tariffs"];
        DateTimeOffset.Parse(tariffs.GetProperty("first").GetString()!).ShouldBeLessThanOrEqualTo(DateTimeOffset.Parse(tariffs.GetProperty("last").GetString()!));
    }

    [Fact]
    public async Task a_period_before_the_partners_requests_has_no_activity_and_an_unknown_partner_is_404()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        await Push.TariffAsync(cpo, "T1", "2025-04-01T00:00:00Z");

        var none = await emsp.GetAsync($"/api/audit/partners/{partnerId}/activity?from=2020-01-01T00:00:00Z&to={before}");

        none.GetProperty("events").GetInt64().ShouldBe(0);
        none.GetProperty("modules").GetArrayLength().ShouldBe(0);
        (await emsp.InternalApi().GetAsync("/api/audit/partners/p-000000000000/activity")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task bad_activity_queries_are_400_naming_the_parameter()
    {
        await emsp.ShouldRefuseAsync("/api/audit/partners/p-000000000000/activity?from=soon", "from");
        await emsp.ShouldRefuseAsync("/api/audit/partners/p-000000000000/activity?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "to");
    }

    private static Dictionary<string, long> Types(JsonElement module) =>
        module.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!, t => t.GetProperty("events").GetInt64());
}
