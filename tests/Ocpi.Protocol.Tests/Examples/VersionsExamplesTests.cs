using Ocpi.Protocol.Versions;

namespace Ocpi.Protocol.Tests.Examples;

/// <summary>versions_info_example.json (Version list) and version_details_example*.json (VersionDetails), data only.</summary>
public sealed class VersionsExamplesTests
{
    public static TheoryData<string> DetailsFiles => new("version_details_example.json", "version_details_example2.json");

    [Fact]
    public void every_version_details_example_of_the_spec_is_covered()
    {
        SpecExample.Matching("version_details_example*.json")
            .ShouldBe(["version_details_example.json", "version_details_example2.json"], ignoreOrder: true);
    }

    [Fact]
    public void every_element_of_the_versions_example_is_a_valid_version()
    {
        var list = TestJson.Parse(SpecExample.Text("versions_info_example.json"));

        list.GetArrayLength().ShouldBeGreaterThan(0);
        foreach (var version in list.EnumerateArray())
        {
            var result = VersionSchemas.Version.Validate(version);
            result.IsValid.ShouldBeTrue(result.Describe());
        }
    }

    [Fact]
    public void the_versions_example_round_trips_through_the_typed_list()
    {
        var versions = TestJson.ShouldRoundTrip<IReadOnlyList<VersionInfo>>(SpecExample.Node("versions_info_example.json"));

        versions.ShouldBe([
            new VersionInfo("2.1.1", "https://www.server.com/ocpi/2.1.1"),
            new VersionInfo("2.2.1", "https://www.server.com/ocpi/2.2.1"),
        ]);
    }

    [Theory]
    [MemberData(nameof(DetailsFiles))]
    public void the_version_details_example_is_valid(string fileName)
    {
        var result = VersionSchemas.VersionDetails.Validate(TestJson.Parse(SpecExample.Text(fileName)));

        result.IsValid.ShouldBeTrue(result.Describe());
    }

    [Theory]
    [MemberData(nameof(DetailsFiles))]
    public void the_version_details_example_round_trips_through_the_typed_record(string fileName)
    {
        TestJson.ShouldRoundTrip<VersionDetails>(SpecExample.Node(fileName));
    }

    [Fact]
    public void the_combined_platform_example_lists_the_same_module_with_both_roles()
    {
        var details = TestJson.ShouldRoundTrip<VersionDetails>(SpecExample.Node("version_details_example2.json"));

        details.Version.ShouldBe("2.2");
        details.Endpoints.Where(e => e.Identifier == ModuleId.Locations).Select(e => e.Role)
            .ShouldBe([InterfaceRole.SENDER, InterfaceRole.RECEIVER], ignoreOrder: true);
        details.Endpoints.Where(e => e.Identifier == ModuleId.Tokens).Select(e => e.Role)
            .ShouldBe([InterfaceRole.RECEIVER, InterfaceRole.SENDER], ignoreOrder: true);
    }
}
