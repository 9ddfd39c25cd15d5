using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Tests.Json;

public sealed record StampedThing(string Id, DateTimeOffset LastUpdated, DateTimeOffset? ValidUntil = null, string? DisplayName = null);

public sealed class OcpiJsonTests
{
    [Fact]
    public void a_datetimeoffset_round_trips_through_the_ocpi_options_in_utc()
    {
        var thing = new StampedThing("LOC1", new DateTimeOffset(2024, 5, 6, 9, 10, 11, 120, TimeSpan.FromHours(2)),
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var json = JsonSerializer.Serialize(thing, OcpiJson.Options);
        var back = JsonSerializer.Deserialize<StampedThing>(json, OcpiJson.Options);

        json.ShouldBe("""{"id":"LOC1","last_updated":"2024-05-06T07:10:11.120Z","valid_until":"2025-01-01T00:00:00Z"}""");
        back.ShouldNotBeNull();
        back.LastUpdated.ShouldBe(thing.LastUpdated);
        back.LastUpdated.Offset.ShouldBe(TimeSpan.Zero);
        back.ValidUntil.ShouldBe(thing.ValidUntil);
        back.ShouldBe(thing with { LastUpdated = thing.LastUpdated.ToUniversalTime() });
    }

    [Fact]
    public void written_datetimes_drop_sub_millisecond_precision()
    {
        var thing = new StampedThing("X", new DateTimeOffset(2024, 5, 6, 9, 10, 11, 120, TimeSpan.Zero).AddTicks(5555));

        var node = JsonSerializer.SerializeToNode(thing, OcpiJson.Options)!;

        node["last_updated"]!.GetValue<string>().ShouldBe("2024-05-06T09:10:11.120Z");
    }

    [Theory]
    [InlineData("2015-06-29T20:39:09")]
    [InlineData("2015-06-29T20:39:09Z")]
    [InlineData("2015-06-29T22:39:09+02:00")]
    [InlineData("2015-06-29T20:39:09.000000000Z")]
    public void every_accepted_datetime_shape_is_read_by_the_serializer(string text)
    {
        var thing = JsonSerializer.Deserialize<StampedThing>($$"""{"id":"X","last_updated":"{{text}}"}""", OcpiJson.Options);

        thing!.LastUpdated.ShouldBe(new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero));
        thing.LastUpdated.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("\"not a date\"")]
    [InlineData("1435610349")]
    [InlineData("null")]
    public void an_invalid_datetime_is_a_json_error(string value)
    {
        Should.Throw<JsonException>(() =>
            JsonSerializer.Deserialize<StampedThing>($$"""{"id":"X","last_updated":{{value}}}""", OcpiJson.Options));
    }

    [Fact]
    public void names_are_snake_case_and_nulls_are_omitted()
    {
        var node = JsonSerializer.SerializeToNode(new StampedThing("X", DateTimeOffset.UnixEpoch), OcpiJson.Options)!.AsObject();

        node.Select(p => p.Key).ShouldBe(["id", "last_updated"]);
    }

    [Fact]
    public void unknown_fields_are_ignored_when_reading()
    {
        var thing = JsonSerializer.Deserialize<StampedThing>(
            """{"id":"X","last_updated":"2015-06-29T20:39:09Z","future_field":{"a":[1,2]},"display_name":"n"}""", OcpiJson.Options);

        thing.ShouldBe(new StampedThing("X", new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero), DisplayName: "n"));
    }

    [Fact]
    public void a_nullable_datetime_accepts_null()
    {
        var thing = JsonSerializer.Deserialize<StampedThing>(
            """{"id":"X","last_updated":"2015-06-29T20:39:09Z","valid_until":null}""", OcpiJson.Options);

        thing!.ValidUntil.ShouldBeNull();
    }

    [Fact]
    public void non_ascii_text_is_written_unescaped()
    {
        var node = JsonSerializer.Serialize(new StampedThing("X", DateTimeOffset.UnixEpoch, DisplayName: "Straße <Ø>"), OcpiJson.Options);

        node.ShouldContain("\"display_name\":\"Straße <Ø>\"");
        JsonNode.Parse(node)!["display_name"]!.GetValue<string>().ShouldBe("Straße <Ø>");
    }
}
