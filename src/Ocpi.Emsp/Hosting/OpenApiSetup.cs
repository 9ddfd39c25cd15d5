using Ocpi.Emsp.Hosting.OpenApi;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// Two OpenAPI documents: /openapi/internal.json (our own apps) and /openapi/ocpi.json (the partner surface), both with
/// their security schemes and the schemas of OCPI objects generated from the protocol library's field tables.
/// </summary>
public static class OpenApiSetup
{
    public static void AddEmspOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(InternalApi.GroupName, o =>
        {
            o.ShouldInclude = d => d.GroupName == InternalApi.GroupName;
            Describe(o, "Ocpi.Emsp internal API", "Our own applications: partners, tokens, the views of what partners pushed, billing, audit. Header X-Api-Key.");
        });
        services.AddOpenApi(OcpiEndpointRouteBuilderExtensions.OcpiGroupName, o =>
        {
            o.ShouldInclude = d => d.GroupName == OcpiEndpointRouteBuilderExtensions.OcpiGroupName;
            Describe(o, "Ocpi.Emsp OCPI 2.3.0 interface",
                "What CPO partners call: versions, credentials and the module endpoints. Every answer is the OCPI envelope; "
                + "OCPI errors such as 2001 come with HTTP 200, transport errors with the HTTP status listed.");
        });
    }

    private static void Describe(Microsoft.AspNetCore.OpenApi.OpenApiOptions options, string title, string description)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Description = description;
            return Task.CompletedTask;
        });
        options.AddSecuritySchemes();
        options.AddDocumentTransformer((document, _, _) =>
        {
            FieldTableSchemas.WriteComponents(document);
            return Task.CompletedTask;
        });
    }
}
