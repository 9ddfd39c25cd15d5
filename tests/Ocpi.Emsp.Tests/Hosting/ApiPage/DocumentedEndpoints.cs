using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Ocpi.Emsp.Tests.Hosting.ApiPage;

/// <summary>
/// Every mapped route endpoint against the two OpenAPI documents. The only endpoints left out are listed here with the
/// reason; anything else that is mapped must be documented with a success schema and a security requirement.
/// </summary>
public static class DocumentedEndpoints
{
    /// <summary>Public endpoints that are not API operations (route pattern as mapped, a trailing * for a prefix; and why it is left out).</summary>
    public static readonly IReadOnlyDictionary<string, string> Exclusions = new Dictionary<string, string>
    {
        ["/"] = "the front door: public links for a newcomer (JSON or HTML), not an API operation",
        ["/health/live"] = "liveness probe for load balancers: public, plain text, no data",
        ["/health/startup"] = "startup probe for orchestrators: public, plain text, no data",
        ["/health/ready"] = "readiness probe for load balancers: public, plain text, no data",
        ["/openapi/{documentName}.json"] = "the OpenAPI documents themselves",
        ["/api/docs*"] = "the API page (Scalar): public HTML over the documents, and its bundled script and icon",
        ["/billing"] = "the billing dashboard's page: public static HTML; its data comes from /api/billing with the key",
        ["/billing/{file}"] = "the billing dashboard's static assets (script, style)",
        ["/ocpi/2.3.0/tokens/{**path}"] = "answers 405 to partners that try to write our tokens (Tokens is a SENDER interface): a refusal, not an operation",
        ["/metrics"] = "Prometheus scrape endpoint: public text format for the metrics collector, not an API operation",
    };

    public sealed record Endpoint(string Method, string Path, string Pattern);

    /// <summary>Each (method, path) a request can reach, the path written as the documents write it.</summary>
    public static IReadOnlyList<Endpoint> Mapped(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => new Endpoint(m, DocumentPath(e.RoutePattern), e.RoutePattern.RawText ?? "")))
            .Distinct()
            .ToList();

    public static bool IsExcluded(Endpoint endpoint)
    {
        var pattern = Normalise(endpoint.Pattern);
        return Exclusions.Keys.Any(e => e.EndsWith('*') ? pattern.StartsWith(e[..^1], StringComparison.Ordinal) : e == pattern);
    }

    /// <summary>What is missing for the endpoint in the documents, or nothing.</summary>
    public static IEnumerable<string> Missing(Endpoint endpoint, IReadOnlyDictionary<string, JsonElement> documents)
    {
        var found = documents.Select(d => (Name: d.Key, Doc: d.Value, Operation: OperationOf(d.Value, endpoint)))
            .Where(d => d.Operation is not null).ToList();
        if (found.Count == 0)
        {
            yield return "not in either OpenAPI document (map it in MapInternalApi(...) or an OCPI module group, without ExcludeFromDescription)";
            yield break;
        }
        var (name, doc, found1) = found[0];
        var operation = found1!.Value;
        if (!operation.TryGetProperty("operationId", out _)) yield return $"no operationId in {name}.json (.WithName(...))";
        if (!operation.TryGetProperty("summary", out _)) yield return $"no summary in {name}.json (.WithSummary(...))";

        var successes = operation.TryGetProperty("responses", out var responses)
            ? responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList()
            : [];
        if (successes.Count == 0) yield return $"no 2xx response in {name}.json (typed results or .Produces<T>(status))";
        foreach (var success in successes.Where(s => s.Name != "204" && !HasSchema(success: s.Value)))
            yield return $"response {success.Name} has no body schema in {name}.json (typed results, .Produces<T>({success.Name}) or .ProducesOcpi(...))";

        if (endpoint.Method is "PUT" or "PATCH" && !(operation.TryGetProperty("requestBody", out var body) && HasSchema(body)))
            yield return $"{endpoint.Method} without a request body schema in {name}.json (a typed body parameter, .Accepts<T>() or .AcceptsOcpi(...))";

        var schemes = doc.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out var defined)
            ? defined.EnumerateObject().Select(s => s.Name).ToHashSet()
            : [];
        var required = operation.TryGetProperty("security", out var security)
            ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList()
            : [];
        if (required.Count == 0) yield return $"no security requirement in {name}.json (map it inside MapInternalApi(...) or an OCPI module group)";
        foreach (var scheme in required.Where(s => !schemes.Contains(s)))
            yield return $"security scheme {scheme} is not defined in {name}.json";
    }

    public static JsonElement? OperationOf(JsonElement document, Endpoint endpoint) =>
        document.TryGetProperty("paths", out var paths) && paths.TryGetProperty(endpoint.Path, out var path)
        && path.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation)
            ? operation
            : null;

    private static bool HasSchema(JsonElement success) =>
        success.TryGetProperty("content", out var content)
        && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out var schema) && schema.EnumerateObject().Any());

    /// <summary>How the OpenAPI documents write a route: parameters without constraints, optionality or catch-all stars.</summary>
    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    private static string Normalise(string pattern) => "/" + pattern.TrimStart('/');
}
