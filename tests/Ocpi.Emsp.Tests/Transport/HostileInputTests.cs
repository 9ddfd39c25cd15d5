using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Ocpi.Emsp.Tests.Fuzz;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Locations;
using Ocpi.Emsp.Tests.Sessions;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>An eMSP with small caps on stored objects, so that tests reach them with small bodies.</summary>
public sealed class HostileInputFixture : EmspFixture
{
    public const int MaxObjectBytes = 8000;
    public const int MaxUnknownFieldBytes = 1000;

    protected override void Configure(IWebHostBuilder builder) => builder
        .UseSetting("Emsp:MaxObjectBytes", MaxObjectBytes.ToString())
        .UseSetting("Emsp:MaxUnknownFieldBytes", MaxUnknownFieldBytes.ToString());
}

/// <summary>
/// Bytes and escapes a JSON parser accepts but a store cannot hold unchanged, and pushes that would grow an object
/// without bound: refused (400 for what is not UTF-8 JSON, 2001 naming the field or the cap), never an HTTP 500, never
/// stored altered.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture emsp) : IClassFixture<HostileInputFixture>
{
    private static string Prefix(CpoSimulator.CpoSimulator cpo) => $"location:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:";

    /// <summary>The Location example with <paramref name="insert"/> spliced in as raw bytes where "@@" stands in <paramref name="where"/>.</summary>
    private static byte[] LocationWith(CpoSimulator.CpoSimulator cpo, Action<JsonObject> where, byte[] insert)
    {
        var location = SpecExamples.OwnedBy("location_example.json", cpo.Options.Party);
        where(location);
        var text = Encoding.UTF8.GetBytes(location.ToJsonString());
        var at = text.AsSpan().IndexOf("@@"u8);
        return [.. text[..at], .. insert, .. text[(at + 2)..]];
    }

    public static TheoryData<string> Placements => new() { "known string", "unknown field", "member name", "nested unknown field" };

    private static Action<JsonObject> Place(string placement) => placement switch
    {
        "known string" => l => l["name"] = "Gent @@ Zuid",
        "unknown field" => l => l["x_vendor"] = "a@@b",
        "member name" => l => l["x_@@"] = 1,
        _ => l => l["evses"]![0]!["x_vendor"] = new JsonObject { ["note"] = "@@" },
    };

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task invalid_utf8_anywhere_in_a_body_is_refused_with_400_and_nothing_is_stored(string placement)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();
        foreach (var bytes in new byte[][] { [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82] })
        {
            var answer = await RawOcpi.SendAsync(client, HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp,
                LocationWith(cpo, Place(placement), bytes));

            answer.Status.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
            answer.StatusCode.ShouldBe(2000);
            answer.StatusMessage.ShouldContain("not valid UTF-8");
        }
        (await RawOcpi.EventCountAsync(emsp, Prefix(cpo))).ShouldBe(0);
    }

    [Theory]
    [InlineData("known string", @"\ud800", "name")]
    [InlineData("unknown field", @"\udc00", "x_vendor")]
    [InlineData("unknown field", @"\ud83d\u0041", "x_vendor")]
    [InlineData("member name", @"\ud800", "(body)")]
    [InlineData("nested unknown field", @"\udbff", "evses[0].x_vendor.note")]
    public async Task an_unpaired_surrogate_escape_is_refused_with_2001_naming_the_field(string placement, string escape, string path)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();

        var answer = await RawOcpi.SendAsync(client, HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp,
            LocationWith(cpo, Place(placement), Encoding.ASCII.GetBytes(escape)));

        answer.Status.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.StatusCode.ShouldBe(2001);
        answer.StatusMessage.ShouldStartWith($"{path}: ");
        answer.StatusMessage.ShouldContain("unpaired surrogate");
        (await RawOcpi.EventCountAsync(emsp, Prefix(cpo))).ShouldBe(0);
    }

    [Fact]
    public async Task surrogate_pairs_and_escaped_text_are_accepted_and_stored_as_sent()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();
        var body = LocationWith(cpo, l => l["x_vendor"] = "@@", Encoding.UTF8.GetBytes("\\ud83d\\ude00 \\u00e9 é 漢字 \\\\ud800 \\\"q\\\""));

        var answer = await RawOcpi.SendAsync(client, HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp, body);

        answer.StatusCode.ShouldBe(1000, answer.ToString());
        var stored = await RawOcpi.LastEventDataAsync(emsp, Prefix(cpo) + "LOC1");
        stored!.Value.GetProperty("location").GetProperty("x_vendor").GetString().ShouldBe("😀 é é 漢字 \\ud800 \"q\"");
        var sent = JsonNode.Parse(body)!;
        JsonNode.DeepEquals(JsonNode.Parse(stored.Value.GetProperty("location").GetRawText()), sent).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1e999999")]
    [InlineData("-1e-20000")]
    [InlineData("0.1e-1000")]
    [InlineData("12345678901234567890123456789012345678901234567890e980")]
    public async Task numbers_beyond_what_can_be_stored_are_refused_with_2001_naming_the_field(string number)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();

        var answer = await RawOcpi.SendAsync(client, HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp,
            LocationWith(cpo, l => l["x_vendor"] = "@@", Encoding.ASCII.GetBytes($"\",\"x_number\":{number},\"y\":\"")));

        answer.StatusCode.ShouldBe(2001, answer.ToString());
        answer.StatusMessage.ShouldStartWith("x_number: number outside the range");
        (await RawOcpi.EventCountAsync(emsp, Prefix(cpo))).ShouldBe(0);
    }

    [Fact]
    public async Task nesting_deeper_than_32_levels_is_refused_with_400()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        using var client = emsp.Host.Server.CreateClient();
        var deep = new string('[', 40) + new string(']', 40);

        var answer = await RawOcpi.SendAsync(client, HttpMethod.Put, LocationPushTests.LocationUrl(cpo, "LOC1"), cpo.TokenForEmsp,
            LocationWith(cpo, l => l["x_vendor"] = "@@", Encoding.ASCII.GetBytes($"\",\"x_deep\":{deep},\"y\":\"")));

        answer.Status.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
        answer.StatusMessage.ShouldContain("depth");
    }
}
