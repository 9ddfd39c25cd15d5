using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ocpi.Emsp.Hosting.OpenApi;

/// <summary>
/// The two ways in: the internal API's X-Api-Key header and OCPI's credentials token (Authorization: Token &lt;base64&gt;).
/// A group that adds an authenticating filter also adds <see cref="RequiresScheme"/>, so the documents state the
/// requirement where the filter is attached, not in a list kept beside it; the API page then sends the header.
/// </summary>
public static class SecuritySchemes
{
    public const string ApiKey = "ApiKey";
    public const string OcpiToken = "OcpiToken";

    private static readonly ConditionalWeakTable<OpenApiDocument, HashSet<string>> Used = new();

    private static readonly Dictionary<string, OpenApiSecurityScheme> Definitions = new()
    {
        [ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "The internal API key: Emsp:ApiKey, or the key generated on first start (printed once in the log).",
        },
        [OcpiToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "OCPI credentials token: the header value is `Token <base64 of the token>` (transport_and_format.asciidoc). "
                          + "Token A (from POST /api/partners/invitations) opens versions and credentials only; after registration "
                          + "the partner uses token C everywhere.",
        },
    };

    /// <summary>Endpoint metadata: the operation needs this security scheme.</summary>
    public sealed record RequiresScheme(string Name);

    public static void AddSecuritySchemes(this OpenApiOptions options)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            var required = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresScheme>().Select(r => r.Name).Distinct();
            foreach (var name in required)
            {
                var used = Used.GetOrCreateValue(context.Document!);
                lock (used) used.Add(name);
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            if (Used.TryGetValue(document, out var used))
                foreach (var name in used) document.AddComponent<IOpenApiSecurityScheme>(name, Definitions[name]);
            return Task.CompletedTask;
        });
    }
}
