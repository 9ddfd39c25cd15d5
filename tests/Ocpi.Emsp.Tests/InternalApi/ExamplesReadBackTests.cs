using System.Net;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tariffs;

namespace Ocpi.Emsp.Tests.InternalApi;

/// <summary>Every official example of the four receiver modules, pushed the OCPI way, reads back equal through the internal API.</summary>
public sealed class ExamplesReadBackTests(InternalApiFixture emsp) : IClassFixture<InternalApiFixture>
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var name in SpecExamples.Named("location_example")) data.Add(name);
        foreach (var name in SpecExamples.Named("session_example_")) data.Add(name);
        data.Add("cdr_example.json");
        foreach (var name in TariffExamples.All) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task an_official_example_pushed_by_a_cpo_reads_back_equal_through_the_internal_api(string example)
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var party = cpo.Options.Party;
        var (kind, pushed) = example switch
        {
            _ when example.StartsWith("location") => ("locations", SpecExamples.OwnedBy(example, party)),
            _ when example.StartsWith("session") => ("sessions", SpecExamples.OwnedBy(example, party)),
            _ when example.StartsWith("cdr") => ("cdrs", CdrExamples.Cdr(cpo)),
            _ => ("tariffs", TariffExamples.OwnedBy(example, party)),
        };
        var id = pushed["id"]!.GetValue<string>();

        var result = kind == "cdrs"
            ? await CdrExamples.PostAsync(cpo, pushed)
            : await cpo.CallEmspAsync(HttpMethod.Put, $"{cpo.EmspEndpoint(kind)}/{party.CountryCode}/{party.PartyId}/{id}", cpo.TokenForEmsp,
                rawBody: pushed.ToJsonString());
        result.StatusCode.ShouldBe(1000, result.StatusMessage);
        result.HttpStatus.ShouldBe(HttpStatusCode.Created);

        var view = await emsp.GetAsync($"/api/{kind}/{party.CountryCode}/{party.PartyId}/{Uri.EscapeDataString(id)}");
        var objectName = kind[..^1];
        JsonNode.DeepEquals(JsonNode.Parse(view.GetProperty(objectName).GetRawText()), pushed).ShouldBeTrue(view.GetProperty(objectName).GetRawText());
    }
}
