using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Tests.InternalApi;

public class InternalApiFixture : EmspFixture
{
    /// <summary>GET on the internal API that must succeed; the JSON answer.</summary>
    public async Task<JsonElement> GetAsync(string url)
    {
        var response = await InternalApi().GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{url}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The ids (stream keys) of a page's items, in order.</summary>
    public async Task<List<string>> IdsAsync(string url) =>
        (await GetAsync(url)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    /// <summary>A bad query must be a 400 problem naming the parameter.</summary>
    public async Task ShouldRefuseAsync(string url, string parameter)
    {
        var response = await InternalApi().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(parameter, url);
    }
}

/// <summary>Pushes through the real OCPI receivers, as a registered CPO would, with chosen request/correlation ids.</summary>
public static class Push
{
    public static string Key(string kind, CpoSimulator.CpoSimulator cpo, string id) =>
        kind + ":" + $"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:{id}".ToUpperInvariant();

    public static string Url(CpoSimulator.CpoSimulator cpo, string module, string id) =>
        $"{cpo.EmspEndpoint(module)}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}";

    /// <summary>The owner query of the CPO's party.</summary>
    public static string Owner(CpoSimulator.CpoSimulator cpo) =>
        $"country_code={cpo.Options.Party.CountryCode}&party_id={cpo.Options.Party.PartyId}";

    public static async Task<JsonObject> LocationAsync(CpoSimulator.CpoSimulator cpo, string id, string lastUpdated, Action<JsonObject>? change = null)
    {
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        location["id"] = id;
        location["last_updated"] = lastUpdated;
        change?.Invoke(location);
        await SendAsync(cpo, HttpMethod.Put, Url(cpo, "locations", id), location);
        return location;
    }

    public static async Task<JsonObject> SessionAsync(CpoSimulator.CpoSimulator cpo, string id, string status, string start, string contractId,
        string tokenUid = "123abc")
    {
        var session = SpecExamples.OwnedBy("session_example_1_simple_start.json", cpo.Options.Party);
        session["id"] = id;
        session["status"] = status;
        session["start_date_time"] = start;
        session["last_updated"] = start;
        session["cdr_token"]!["contract_id"] = contractId;
        session["cdr_token"]!["uid"] = tokenUid;
        await SendAsync(cpo, HttpMethod.Put, Url(cpo, "sessions", id), session);
        return session;
    }

    public static async Task<JsonObject> CdrAsync(CpoSimulator.CpoSimulator cpo, string id, string end, string contractId = "DE8ACC12E46L89",
        decimal beforeTaxes = 4.00m, decimal taxes = 0.40m, string currency = "EUR", decimal energy = 15.342m)
    {
        var cdr = SpecExamples.OwnedBy("cdr_example.json", cpo.Options.Party);
        cdr["id"] = id;
        cdr["tariffs"]![0]!["tax_included"] = "NO"; // the example predates 2.3.0's required Tariff.tax_included
        cdr["end_date_time"] = end;
        cdr["last_updated"] = end;
        cdr["cdr_token"]!["contract_id"] = contractId;
        cdr["currency"] = currency;
        cdr["total_energy"] = energy;
        cdr["total_cost"] = new JsonObject
        {
            ["before_taxes"] = beforeTaxes,
            ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = taxes }),
        };
        await SendAsync(cpo, HttpMethod.Post, cpo.EmspEndpoint("cdrs"), cdr);
        return cdr;
    }

    public static async Task<JsonObject> TariffAsync(CpoSimulator.CpoSimulator cpo, string id, string lastUpdated)
    {
        var tariff = SpecExamples.OwnedBy("tariff_1_simple_2hour.json", cpo.Options.Party);
        tariff["id"] = id;
        tariff["last_updated"] = lastUpdated;
        await SendAsync(cpo, HttpMethod.Put, Url(cpo, "tariffs", id), tariff);
        return tariff;
    }

    /// <summary>One OCPI call that must answer 1000; the X-Request-ID and X-Correlation-ID it carried.</summary>
    public static async Task<(string RequestId, string CorrelationId)> SendAsync(CpoSimulator.CpoSimulator cpo, HttpMethod method, string url,
        JsonObject? body = null)
    {
        var ids = (RequestId: "req-" + Guid.NewGuid().ToString("N"), CorrelationId: "cor-" + Guid.NewGuid().ToString("N"));
        var result = await cpo.CallEmspAsync(method, url, cpo.TokenForEmsp, rawBody: body?.ToJsonString(),
            headers: new Dictionary<string, string> { [OcpiHeaders.RequestId] = ids.RequestId, [OcpiHeaders.CorrelationId] = ids.CorrelationId });
        result.StatusCode.ShouldBe(1000, $"{method} {url}: {result.StatusMessage}");
        return ids;
    }
}
