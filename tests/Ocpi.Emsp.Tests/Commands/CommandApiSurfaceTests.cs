using System.Net.Http.Json;
using System.Text.Json;

namespace Ocpi.Emsp.Tests.Commands;

/// <summary>The command endpoints are described in the OpenAPI documents: names, summaries, parameters and responses.</summary>
public sealed class CommandApiSurfaceTests(CommandsFixture emsp) : IClassFixture<CommandsFixture>
{
    [Fact]
    public async Task the_internal_command_endpoints_are_described_with_names_summaries_and_responses()
    {
        var operations = await OperationsAsync("/openapi/internal.json");

        foreach (var name in new[] { "RequestCommand", "GetCommand", "ListCommands", "GetSessionCommands" })
        {
            operations.ShouldContainKey(name);
            operations[name].GetProperty("summary").GetString().ShouldNotBeNullOrEmpty(name);
            operations[name].GetProperty("responses").EnumerateObject().ShouldNotBeEmpty(name);
        }
        operations["RequestCommand"].GetProperty("responses").TryGetProperty("202", out _).ShouldBeTrue();
        operations["GetCommand"].GetProperty("responses").GetProperty("200").TryGetProperty("content", out _).ShouldBeTrue();
        operations["ListCommands"].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["offset", "limit", "cpo", "status", "type"], ignoreOrder: true);
    }

    [Fact]
    public async Task the_result_endpoint_is_described_in_the_ocpi_document()
    {
        var operations = await OperationsAsync("/openapi/ocpi.json");
        operations.ShouldContainKey("PostCommandResult");
        operations["PostCommandResult"].GetProperty("responses").GetProperty("200").TryGetProperty("content", out _).ShouldBeTrue();
    }

    private async Task<Dictionary<string, JsonElement>> OperationsAsync(string document)
    {
        var doc = await emsp.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>(document);
        return doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);
    }
}
