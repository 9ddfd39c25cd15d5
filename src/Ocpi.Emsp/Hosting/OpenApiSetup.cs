using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi;

namespace Ocpi.Emsp.Hosting;

/// <summary>Two OpenAPI documents: /openapi/internal.json (our own apps) and /openapi/ocpi.json (the partner surface).</summary>
public static class OpenApiSetup
{
    public static void AddEmspOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(InternalApi.GroupName, o => o.ShouldInclude = d => d.GroupName == InternalApi.GroupName);
        services.AddOpenApi(OcpiEndpointRouteBuilderExtensions.OcpiGroupName,
            o => o.ShouldInclude = d => d.GroupName == OcpiEndpointRouteBuilderExtensions.OcpiGroupName);
    }
}
