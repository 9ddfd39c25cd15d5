using System.Text.Json.Nodes;
using Ocpi.Protocol.Cdrs;
using Ocpi.Protocol.Tariffs;

namespace Ocpi.Protocol.Tests.Cdrs;

/// <summary>cdr_example.json of mod_cdrs.asciidoc, the only CDR example. It breaks its table (embedded Tariff).</summary>
public sealed class CdrExamplesTests
{
    public const string Example = "cdr_example.json";

    /// <summary>
    /// The official example, corrected:
    /// 1. the embedded Tariff gets the <c>tax_included</c> required since 2.3.0 — <c>NO</c>, because its price (2.00/h
    ///    with vat 10) and the CDR's <c>total_time_cost</c> (before_taxes 4.00 + VAT 0.40) show that prices exclude taxes;
    /// 2. latitude and longitude are swapped back (Gent: lat 51.047599, lon 3.729944, as in location_example.json). This
    ///    is a semantic fix only: both swapped values fit their GeoLocation patterns.
    /// </summary>
    public static JsonNode Corrected() =>
        SpecExample.Node(Example)
            .With("tariffs[0].tax_included", "NO")
            .With("cdr_location.coordinates.latitude", "51.047599")
            .With("cdr_location.coordinates.longitude", "3.729944");

    [Fact]
    public void every_cdr_example_of_the_spec_is_covered()
    {
        SpecExample.Matching("cdr_*.json").ShouldBe([Example]);
    }

    [Fact]
    public void the_raw_example_is_refused_because_its_embedded_tariff_has_no_tax_included()
    {
        CdrSchemas.Cdr.ShouldRefuse(SpecExample.Node(Example), "tariffs[0].tax_included", "required field is missing");
    }

    [Fact]
    public void the_corrected_example_is_valid()
    {
        CdrSchemas.Cdr.ShouldValidate(Corrected());
    }

    [Fact]
    public void adding_tax_included_alone_makes_the_example_valid_the_coordinates_are_not_a_schema_error()
    {
        CdrSchemas.Cdr.ShouldValidate(SpecExample.Node(Example).With("tariffs[0].tax_included", "NO"));
    }

    [Fact]
    public void the_embedded_tariff_is_refused_by_the_tariff_schema_too()
    {
        var tariff = SpecExample.Node(Example).At("tariffs[0]");

        TariffSchemas.Tariff.ShouldRefuse(tariff, "tax_included", "required field is missing");
    }

    [Fact]
    public void the_example_has_latitude_and_longitude_swapped()
    {
        // Semantic error of the example: the CDR's Location LOC1 "Gent Zuid" is at lat 51.047599 / lon 3.729944 in
        // location_example.json; the CDR has them the other way round (a point in the Gulf of Guinea). The schema cannot
        // see it: "3.729944" is a valid latitude and "51.047599" a valid longitude.
        var cdrCoordinates = SpecExample.Node(Example).At("cdr_location.coordinates");
        var location = SpecExample.Node("location_example.json");

        location["id"]!.GetValue<string>().ShouldBe(SpecExample.Node(Example).At("cdr_location.id").GetValue<string>());
        cdrCoordinates["latitude"]!.GetValue<string>().ShouldBe(location.At("coordinates.longitude").GetValue<string>());
        cdrCoordinates["longitude"]!.GetValue<string>().ShouldBe(location.At("coordinates.latitude").GetValue<string>());
    }

    [Fact]
    public void the_example_uses_no_session_only_dimension()
    {
        var types = SpecExample.Node(Example)["charging_periods"]!.AsArray()
            .SelectMany(p => p!["dimensions"]!.AsArray().Select(d => d!["type"]!.GetValue<string>()));

        types.ShouldBe(["TIME"]);
    }
}
