using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tariffs;

/// <summary>POST /api/tariffs/price: a Tariff and a partial CDR in, the costs the CDR would state out.</summary>
public sealed class TariffPricingApiTests(TariffsFixture emsp) : IClassFixture<TariffsFixture>
{
    private static JsonObject Period(string start, params (string Type, decimal Volume)[] dimensions) => new()
    {
        ["start_date_time"] = start,
        ["dimensions"] = new JsonArray(dimensions.Select(d => (JsonNode)new JsonObject { ["type"] = d.Type, ["volume"] = d.Volume }).ToArray()),
    };

    // tariff_10: FLAT 0.50 (20 %), ENERGY 0.25/kWh (10 %), PARKING_TIME 2.00/h (20 %, 15-min steps).
    // 20 kWh in 1 h, then 40 min parking.
    private static JsonObject Body() => new()
    {
        ["tariff"] = SpecExamples.Load("tariff_10_025kwh_parking_start.json"),
        ["cdr"] = new JsonObject
        {
            ["start_date_time"] = "2024-03-04T10:00:00Z",
            ["end_date_time"] = "2024-03-04T11:40:00Z",
            ["currency"] = "EUR",
            ["charging_periods"] = new JsonArray(
                Period("2024-03-04T10:00:00Z", ("ENERGY", 20m), ("TIME", 1m)),
                Period("2024-03-04T11:00:00Z", ("PARKING_TIME", 0.666667m))),
        },
    };

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(JsonObject body, HttpClient? client = null)
    {
        var response = await (client ?? emsp.InternalApi()).PostAsync("/api/tariffs/price", JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static decimal Before(JsonElement body, string part) => body.GetProperty(part).GetProperty("before_taxes").GetDecimal();

    [Fact]
    public async Task a_tariff_and_a_cdr_are_answered_with_the_costs_the_cdr_would_state()
    {
        var (status, body) = await PostAsync(Body());

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        // 0.50 + 20 x 0.25 + 40 -> 45 min x 2.00/h = 0.50 + 5.00 + 1.50 = 7.00; VAT 0.10 + 0.50 + 0.30 (two rates).
        Before(body, "total_cost").ShouldBe(7.00m);
        body.GetProperty("total_cost").GetProperty("taxes").EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString(), t.GetProperty("percentage").GetDecimal(), t.GetProperty("amount").GetDecimal()))
            .ShouldBe([("VAT", 10m, 0.50m), ("VAT", 20m, 0.40m)]);
        body.GetProperty("total_cost").TryGetProperty("after_taxes", out _).ShouldBeFalse();
        Before(body, "total_energy_cost").ShouldBe(5.00m);
        Before(body, "total_parking_cost").ShouldBe(1.50m);
        Before(body, "total_fixed_cost").ShouldBe(0.50m);
        Before(body, "total_time_cost").ShouldBe(0m);
        Before(body, "total_reservation_cost").ShouldBe(0m);
    }

    [Fact]
    public async Task time_restrictions_are_evaluated_in_the_time_zone_given_with_the_request()
    {
        // tariff_14, walk-through 2: 16:35 Amsterdam (15:35Z) charge 25 + 10 min: 25 min x 1.20/h + 20 min x 2.40/h = 1.30.
        var body = new JsonObject
        {
            ["tariff"] = SpecExamples.Load("tariff_14_step_size.json"),
            ["time_zone"] = "Europe/Amsterdam",
            ["cdr"] = new JsonObject
            {
                ["start_date_time"] = "2018-12-20T15:35:00Z",
                ["end_date_time"] = "2018-12-20T16:10:00Z",
                ["currency"] = "EUR",
                ["charging_periods"] = new JsonArray(
                    Period("2018-12-20T15:35:00Z", ("TIME", 0.416667m)), Period("2018-12-20T16:00:00Z", ("TIME", 0.166667m))),
            },
        };
        var (status, answer) = await PostAsync(body);
        status.ShouldBe(HttpStatusCode.OK, answer.ToString());
        Before(answer, "total_cost").ShouldBe(1.30m);

        body.Remove("time_zone");
        var (without, problem) = await PostAsync(body);
        without.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("time_zone");
    }

    [Fact]
    public async Task a_session_the_tariff_cannot_price_is_a_422_with_the_reason()
    {
        // tariff_4's TIME elements depend on the charging current, which the periods do not give.
        var body = Body();
        body["tariff"] = SpecExamples.Load("tariff_4_complex.json");
        body["time_zone"] = "Europe/Berlin";
        var (status, problem) = await PostAsync(body);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("max_current");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "no tariff", "tariff" },
        { "2.2.1 tariff without tax_included", "tariff.tax_included" },
        { "no cdr", "cdr" },
        { "cdr without charging periods", "cdr.charging_periods" },
        { "cdr with a bad end", "cdr.end_date_time" },
        { "cdr without currency", "cdr.currency" },
        { "unknown time zone", "time_zone" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task a_bad_body_is_a_400_naming_the_field(string spoiler, string field)
    {
        var body = Body();
        var cdr = body["cdr"]!.AsObject();
        switch (spoiler)
        {
            case "no tariff": body.Remove("tariff"); break;
            case "2.2.1 tariff without tax_included": body["tariff"]!.AsObject().Remove("tax_included"); break;
            case "no cdr": body.Remove("cdr"); break;
            case "cdr without charging periods": cdr["charging_periods"] = new JsonArray(); break;
            case "cdr with a bad end": cdr["end_date_time"] = "yesterday"; break;
            case "cdr without currency": cdr.Remove("currency"); break;
            case "unknown time zone": body["time_zone"] = "Mars/Olympus_Mons"; break;
        }
        var (status, problem) = await PostAsync(body);

        status.ShouldBe(HttpStatusCode.BadRequest, spoiler);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(field, spoiler);
    }

    [Fact]
    public async Task pricing_needs_the_api_key_and_is_in_the_openapi_document()
    {
        var (status, _) = await PostAsync(Body(), emsp.Host.Server.CreateClient());
        status.ShouldBe(HttpStatusCode.Unauthorized);

        var doc = await emsp.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/internal.json");
        var operation = doc.GetProperty("paths").GetProperty("/api/tariffs/price").GetProperty("post");
        operation.GetProperty("operationId").GetString().ShouldBe("PriceSession");
        operation.GetProperty("summary").GetString().ShouldNotBeNullOrEmpty();
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["200", "400", "401", "422"], ignoreOrder: true);
    }
}
