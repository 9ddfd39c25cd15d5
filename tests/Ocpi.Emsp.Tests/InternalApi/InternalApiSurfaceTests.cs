using System.Net;
using System.Text.Json;
using System.Net.Http.Json;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>What every read of the internal API shares: the API key and the OpenAPI description.</summary>
public sealed class InternalApiSurfaceTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    public static TheoryData<string> Reads => new()
    {
        "/api/locations", "/api/locations/DE/ABC/LOC1", "/api/locations/DE/ABC/LOC1/events",
        "/api/sessions", "/api/sessions/DE/ABC/S1", "/api/sessions/DE/ABC/S1/events",
        "/api/cdrs", "/api/cdrs/DE/ABC/C1", "/api/cdrs/DE/ABC/C1/events",
        "/api/tariffs", "/api/tariffs/DE/ABC/T1", "/api/tariffs/DE/ABC/T1/events",
        "/api/billing/cpo-daily-totals", "/api/billing/lines", "/api/billing/lines?format=csv", "/api/billing/lines/DE/ABC/C1",
        "/api/billing/totals", "/api/billing/reconciliation", "/api/billing/reconciliation/DE/ABC/R1",
        "/api/audit/streams/session%3ADE-ABC%3AS1/events", "/api/audit/streams/session%3ADE-ABC%3AS1/state?version=1",
        "/api/audit/events", "/api/audit/partners/p-000000000000/activity", "/api/audit/verify", "/api/partners/p-000000000000/sync",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task every_read_needs_the_api_key(string path)
    {
        var anonymous = emsp.Host.Server.CreateClient();
        var wrong = emsp.Host.Server.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "wrong-key");

        (await anonymous.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_reads_are_described_in_the_internal_openapi_document_with_names_and_parameters()
    {
        var doc = await emsp.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/internal.json");

        var paths = doc.GetProperty("paths");
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("operationId", out _))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);
        string[] names =
        [
            "ListLocations", "GetLocationView", "GetLocationEvents", "ListSessions", "GetSessionView", "GetSessionEvents",
            "ListCdrs", "GetCdrView", "GetCdrEvents", "ListTariffs", "GetTariffView", "GetTariffEvents", "ListCpoDailyTotals",
        ];
        foreach (var name in names)
        {
            operations.ShouldContainKey(name);
            operations[name].GetProperty("summary").GetString().ShouldNotBeNullOrEmpty(name);
        }
        Parameters(operations["ListLocations"]).ShouldBe(
            ["offset", "limit", "country_code", "party_id", "partner_id", "updated_since", "city", "country", "min_lat", "max_lat", "min_lon", "max_lon"],
            ignoreOrder: true);
        Parameters(operations["ListSessions"]).ShouldContain("token_uid");
        Parameters(operations["ListTariffs"]).ShouldContain("include_deleted");
        Parameters(operations["GetLocationView"]).ShouldBe(["country_code", "party_id", "location_id"], ignoreOrder: true);
        paths.TryGetProperty("/api/billing/cpo-daily-totals", out _).ShouldBeTrue();
    }

    private static List<string> Parameters(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
}
