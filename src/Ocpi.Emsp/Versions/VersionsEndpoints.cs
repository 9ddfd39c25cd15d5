using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Versions;

/// <summary>The versions module (version_information_endpoint.asciidoc): our versions list and the 2.3.0 details.</summary>
public static class VersionsEndpoints
{
    public static void MapVersions(this IEndpointRouteBuilder routes)
    {
        var versions = routes.MapGroup("/ocpi").WithOcpiFilters("");

        versions.MapGet("/versions", (OcpiEndpointCatalog catalog) =>
                OcpiResults.Ok<IReadOnlyList<VersionInfo>>([new VersionInfo(VersionNumber.V2_3_0, catalog.VersionDetailsUrl)]))
            .WithName("GetVersions")
            .WithSummary("The OCPI versions we support")
            .ProducesOcpi(VersionSchemas.Version, list: true);

        versions.MapGet($"/{VersionNumber.V2_3_0}", (OcpiEndpointCatalog catalog) =>
                OcpiResults.Ok(new VersionDetails(VersionNumber.V2_3_0, catalog.Endpoints())))
            .WithName("GetVersionDetails")
            .WithSummary("Every OCPI 2.3.0 endpoint we implement")
            .ProducesOcpi(VersionSchemas.VersionDetails);
    }
}
