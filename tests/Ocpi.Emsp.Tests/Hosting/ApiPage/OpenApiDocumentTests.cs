using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Hosting.ApiPage;

/// <summary>
/// The two OpenAPI documents as the running host serves them: every mapped endpoint is described (body schemas, status
/// codes, parameters, security), and the OCPI objects appear with their wire names inside the OCPI envelope.
/// </summary>
[Collection(ApiPageCollection.Name)]
public sealed class OpenApiDocumentTests(EmspFixture emsp)
{
    private async Task<Dictionary<string, JsonElement>> DocumentsAsync()
    {
        var client = emsp.Host.Server.CreateClient(); // no key, no token: the documents are public
        return new Dictionary<string, JsonElement>
        {
            ["internal"] = await client.GetFromJsonAsync<JsonElement>("/openapi/internal.json"),
            ["ocpi"] = await client.GetFromJsonAsync<JsonElement>("/openapi/ocpi.json"),
        };
    }

    [Fact]
    public async Task every_mapped_endpoint_is_documented_with_a_success_schema_and_a_security_requirement()
    {
        var documents = await DocumentsAsync();
        var endpoints = DocumentedEndpoints.Mapped(emsp.Host.Services);
        endpoints.Count(e => !DocumentedEndpoints.IsExcluded(e)).ShouldBeGreaterThan(60);

        var failures = endpoints.Where(e => !DocumentedEndpoints.IsExcluded(e))
            .SelectMany(e => DocumentedEndpoints.Missing(e, documents).Select(m => $"{e.Method} {e.Path}: {m}"))
            .ToList();

        failures.ShouldBeEmpty(string.Join('\n', failures));
    }

    [Fact]
    public async Task the_excluded_endpoints_are_public_and_listed_in_no_document()
    {
        var documents = await DocumentsAsync();
        var excluded = DocumentedEndpoints.Mapped(emsp.Host.Services).Where(DocumentedEndpoints.IsExcluded).ToList();
        excluded.ShouldContain(e => e.Path == "/health/ready");

        foreach (var endpoint in excluded)
            documents.Values.ShouldAllBe(d => DocumentedEndpoints.OperationOf(d, endpoint) == null, $"{endpoint.Method} {endpoint.Path}");
    }

    [Fact]
    public async Task the_two_security_schemes_are_api_key_headers_and_every_operation_of_a_document_requires_its_own()
    {
        var documents = await DocumentsAsync();

        var apiKey = documents["internal"].GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        apiKey.GetProperty("type").GetString().ShouldBe("apiKey");
        apiKey.GetProperty("in").GetString().ShouldBe("header");
        apiKey.GetProperty("name").GetString().ShouldBe("X-Api-Key");
        var token = documents["ocpi"].GetProperty("components").GetProperty("securitySchemes").GetProperty("OcpiToken");
        token.GetProperty("type").GetString().ShouldBe("apiKey");
        token.GetProperty("in").GetString().ShouldBe("header");
        token.GetProperty("name").GetString().ShouldBe("Authorization");
        token.GetProperty("description").GetString()!.ShouldContain("Token <base64");

        Operations(documents["internal"]).ShouldAllBe(o => Security(o.Operation).SequenceEqual(new[] { "ApiKey" }));
        Operations(documents["ocpi"]).ShouldAllBe(o => Security(o.Operation).SequenceEqual(new[] { "OcpiToken" }));
        // The versions endpoints need the token too (any registered or invited partner's).
        Security(Operation(documents["ocpi"], "/ocpi/versions", "get")).ShouldBe(["OcpiToken"]);
        Security(Operation(documents["ocpi"], "/ocpi/2.3.0", "get")).ShouldBe(["OcpiToken"]);
    }

    [Fact]
    public async Task the_session_put_takes_a_session_with_charging_periods_and_answers_201_or_200_in_the_envelope()
    {
        var ocpi = (await DocumentsAsync())["ocpi"];
        var put = Operation(ocpi, "/ocpi/2.3.0/sessions/{country_code}/{party_id}/{session_id}", "put");

        var session = Resolve(ocpi, put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var properties = session.GetProperty("properties");
        properties.TryGetProperty("charging_periods", out var periods).ShouldBeTrue();
        periods.GetProperty("type").GetString().ShouldBe("array");
        Resolve(ocpi, periods.GetProperty("items")).GetProperty("properties").TryGetProperty("dimensions", out _).ShouldBeTrue();
        Strings(session.GetProperty("required")).ShouldContain("last_updated");
        Strings(session.GetProperty("required")).ShouldContain("kwh");
        // snake_case as on the wire, never the C# spelling
        properties.EnumerateObject().Select(p => p.Name).ShouldAllBe(n => n == n.ToLowerInvariant() && !n.Contains('-'));

        var responses = put.GetProperty("responses");
        responses.EnumerateObject().Select(r => r.Name).ShouldBe(["200", "201", "400", "401", "403", "404", "413"], ignoreOrder: true);
        var envelope = Resolve(ocpi, responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        envelope.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(["status_code", "status_message", "timestamp"], ignoreOrder: true);

        var patch = Operation(ocpi, "/ocpi/2.3.0/sessions/{country_code}/{party_id}/{session_id}", "patch");
        var partial = Resolve(ocpi, patch.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Strings(partial.GetProperty("required")).ShouldBe(["last_updated"]);
    }

    [Fact]
    public async Task an_ocpi_get_answers_the_object_as_data_in_the_envelope()
    {
        var ocpi = (await DocumentsAsync())["ocpi"];
        var get = Operation(ocpi, "/ocpi/2.3.0/locations/{country_code}/{party_id}/{location_id}", "get");

        var envelope = Resolve(ocpi, get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Strings(envelope.GetProperty("required")).ShouldBe(["status_code", "timestamp"], ignoreOrder: true);
        var location = Resolve(ocpi, envelope.GetProperty("properties").GetProperty("data"));
        location.GetProperty("properties").TryGetProperty("evses", out var evses).ShouldBeTrue();
        Resolve(ocpi, evses.GetProperty("items")).GetProperty("properties").TryGetProperty("connectors", out _).ShouldBeTrue();
        location.GetProperty("properties").GetProperty("time_zone").GetProperty("type").GetString().ShouldBe("string");
        get.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["country_code", "party_id", "location_id"], ignoreOrder: true);
        get.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["OCPI-from-country-code", "OCPI-from-party-id", "OCPI-to-country-code", "OCPI-to-party-id"], ignoreOrder: true);
        get.GetProperty("responses").TryGetProperty("404", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/ocpi/2.3.0/tokens", "Token")]
    [InlineData("/ocpi/2.3.0/invoicereconciliation", "InvoiceReconciliationRecord")]
    public async Task ocpi_lists_take_offset_limit_date_from_and_date_to_and_answer_an_array_with_paging_headers(string path, string objectName)
    {
        var ocpi = (await DocumentsAsync())["ocpi"];
        var list = Operation(ocpi, path, "get");

        var query = list.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        query.Keys.ShouldBe(["offset", "limit", "date_from", "date_to"], ignoreOrder: true);
        query["offset"].GetProperty("type").GetString().ShouldBe("integer");
        query["date_from"].GetProperty("format").GetString().ShouldBe("date-time");

        var ok = list.GetProperty("responses").GetProperty("200");
        ok.GetProperty("headers").EnumerateObject().Select(h => h.Name).ShouldBe(["X-Total-Count", "X-Limit", "Link"], ignoreOrder: true);
        var data = Resolve(ocpi, ok.GetProperty("content").GetProperty("application/json").GetProperty("schema")).GetProperty("properties").GetProperty("data");
        data.GetProperty("type").GetString().ShouldBe("array");
        data.GetProperty("items").GetProperty("$ref").GetString().ShouldBe($"#/components/schemas/{objectName}");
    }

    [Fact]
    public async Task the_invitation_post_documents_201_with_token_a_and_the_401_of_a_missing_key()
    {
        var doc = (await DocumentsAsync())["internal"];
        var post = Operation(doc, "/api/partners/invitations", "post");

        var responses = post.GetProperty("responses");
        responses.TryGetProperty("201", out var created).ShouldBeTrue();
        responses.TryGetProperty("200", out _).ShouldBeFalse();
        responses.TryGetProperty("401", out _).ShouldBeTrue();
        var answer = Resolve(doc, created.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        answer.GetProperty("properties").TryGetProperty("token_a", out _).ShouldBeTrue();
        answer.GetProperty("properties").TryGetProperty("versions_url", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task the_cdr_post_documents_201_for_a_new_cdr_and_200_for_the_same_cdr_again()
    {
        var ocpi = (await DocumentsAsync())["ocpi"];
        var post = Operation(ocpi, "/ocpi/2.3.0/cdrs", "post");

        post.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldContain("201");
        post.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldContain("200");
        var cdr = Resolve(ocpi, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Strings(cdr.GetProperty("required")).ShouldContain("total_cost");
        cdr.GetProperty("properties").GetProperty("charging_periods").GetProperty("minItems").GetInt32().ShouldBe(1);
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "patch" or "delete")
                .Select(o => (p.Name, o.Name, o.Value)));

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static List<string> Security(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList()
            : [];

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
