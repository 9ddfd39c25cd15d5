using System.Text.Json.Nodes;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Protocol.Tests.Examples;

/// <summary>transport_and_format_version_*.json: the response envelope around versions data.</summary>
public sealed class TransportEnvelopeExamplesTests
{
    private static readonly DateTimeOffset ExampleTimestamp = new(2015, 6, 30, 21, 59, 59, TimeSpan.Zero);

    [Fact]
    public void the_version_info_envelope_data_is_a_list_of_valid_versions()
    {
        var data = TestJson.Parse(SpecExample.Text("transport_and_format_version_info_example.json")).GetProperty("data");

        data.GetArrayLength().ShouldBe(2);
        foreach (var version in data.EnumerateArray())
        {
            var result = VersionSchemas.Version.Validate(version);
            result.IsValid.ShouldBeTrue(result.Describe());
        }
    }

    [Fact]
    public void the_version_info_envelope_round_trips()
    {
        var original = SpecExample.Node("transport_and_format_version_info_example.json");

        var envelope = TestJson.ShouldRoundTrip<OcpiResponse<IReadOnlyList<VersionInfo>>>(original);
        TestJson.ShouldRoundTrip<IReadOnlyList<VersionInfo>>(original["data"]!);

        envelope.StatusCode.ShouldBe(OcpiStatusCode.Success);
        envelope.StatusMessage.ShouldBe("Success");
        envelope.Timestamp.ShouldBe(ExampleTimestamp);
        envelope.Data!.Select(v => v.Version).ShouldBe(["2.1.1", "2.2"]);
    }

    [Fact]
    public void the_version_details_envelope_data_is_valid()
    {
        var data = TestJson.Parse(SpecExample.Text("transport_and_format_version_details_example.json")).GetProperty("data");

        var result = VersionSchemas.VersionDetails.Validate(data);
        result.IsValid.ShouldBeTrue(result.Describe());
    }

    [Fact]
    public void the_version_details_envelope_round_trips()
    {
        var original = SpecExample.Node("transport_and_format_version_details_example.json");

        var envelope = TestJson.ShouldRoundTrip<OcpiResponse<VersionDetails>>(original);
        TestJson.ShouldRoundTrip<VersionDetails>(original["data"]!);

        envelope.StatusCode.ShouldBe(1000);
        envelope.Timestamp.ShouldBe(ExampleTimestamp);
        envelope.Data!.Endpoints.Select(e => e.Identifier).ShouldBe([ModuleId.Credentials, ModuleId.Locations]);
    }

    [Fact]
    public void an_envelope_is_written_in_spec_field_order_without_null_data()
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(
            OcpiResponse.Error(OcpiStatusCode.UnknownLocation, "Unknown location", ExampleTimestamp), Ocpi.Protocol.Json.OcpiJson.Options)!;

        node.ToJsonString().ShouldBe("""{"status_code":2003,"status_message":"Unknown location","timestamp":"2015-06-30T21:59:59Z"}""");
    }

    [Fact]
    public void a_success_envelope_puts_data_first()
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(
            OcpiResponse.Success(new VersionInfo("2.3.0", "https://example.com/ocpi/2.3.0"), ExampleTimestamp),
            Ocpi.Protocol.Json.OcpiJson.Options)!.AsObject();

        node.Select(p => p.Key).ShouldBe(["data", "status_code", "status_message", "timestamp"]);
        JsonNode.DeepEquals(node["data"], JsonNode.Parse("""{"version":"2.3.0","url":"https://example.com/ocpi/2.3.0"}""")).ShouldBeTrue();
    }
}
