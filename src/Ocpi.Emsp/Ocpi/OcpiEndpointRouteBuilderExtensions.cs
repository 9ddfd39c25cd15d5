using Ocpi.Emsp.Hosting.OpenApi;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Ocpi;

/// <summary>One filter chain for the whole OCPI surface: authentication, then (functional modules) routing headers.</summary>
public static class OcpiEndpointRouteBuilderExtensions
{
    public const string OcpiGroupName = "ocpi";

    /// <summary>Maps a module group under /ocpi/2.3.0/{moduleId} and registers the endpoint in our version details.</summary>
    public static RouteGroupBuilder MapOcpiModule(this IEndpointRouteBuilder routes, string moduleId, InterfaceRole role)
    {
        var catalog = routes.ServiceProvider.GetRequiredService<OcpiEndpointCatalog>();
        catalog.Add(moduleId, role);
        var group = routes.MapGroup(OcpiEndpointCatalog.ModulePath(moduleId));
        return group.WithOcpiFilters(moduleId);
    }

    public static RouteGroupBuilder WithOcpiFilters(this RouteGroupBuilder group, string moduleId)
    {
        group.WithMetadata(new OcpiModule(moduleId))
            .WithGroupName(OcpiGroupName)
            .WithTags($"OCPI {(moduleId.Length == 0 ? "versions" : moduleId)}")
            .AddEndpointFilter<CredentialsTokenFilter>()
            .WithMetadata(new SecuritySchemes.RequiresScheme(SecuritySchemes.OcpiToken))
            .ProducesOcpiError(StatusCodes.Status401Unauthorized, "Missing, malformed or unknown credentials token, or token A outside versions and credentials (status_code 2000)");
        if (ModuleId.IsConfigurationModule(moduleId)) return group;
        group.AddEndpointFilter<RoutingHeadersFilter>()
            .ProducesOcpiError(StatusCodes.Status403Forbidden, "The OCPI-from party is not one of the parties of this connection (status_code 2001)")
            .ProducesOcpiError(StatusCodes.Status404NotFound, "The OCPI-to party is not hosted here (status_code 2001)")
            .WithOcpiRoutingHeaders();
        return group;
    }
}
