using System.Text.Json.Nodes;
using Ocpi.Protocol.Versions;

namespace Ocpi.Protocol.Tests.Examples;

/// <summary>The round-trip comparison used by the example tests must ignore property order but nothing else.</summary>
public sealed class RoundTripComparisonTests
{
    [Fact]
    public void property_order_does_not_matter()
    {
        TestJson.ShouldRoundTrip<VersionInfo>(JsonNode.Parse("""{"url":"https://example.com/ocpi/2.3.0","version":"2.3.0"}""")!);
    }

    [Fact]
    public void a_field_the_record_does_not_carry_is_detected()
    {
        Should.Throw<ShouldAssertException>(() => TestJson.ShouldRoundTrip<VersionInfo>(
            JsonNode.Parse("""{"version":"2.3.0","url":"https://example.com/ocpi/2.3.0","extra":1}""")!));
    }

    [Fact]
    public void a_changed_value_is_detected()
    {
        // "2015-06-29T20:39:09.000Z" is read and written back as "2015-06-29T20:39:09Z": same instant, different JSON.
        Should.Throw<ShouldAssertException>(() => TestJson.ShouldRoundTrip<OcpiTimestamped>(
            JsonNode.Parse("""{"timestamp":"2015-06-29T20:39:09.000Z"}""")!));
    }
}

public sealed record OcpiTimestamped(DateTimeOffset Timestamp);
