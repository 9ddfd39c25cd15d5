using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Ocpi.Emsp.Billing.Dashboard;
using Ocpi.Emsp.Ocpi;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// GET /: where things are, for a newcomer with curl (JSON) or a browser (a small HTML page, when it asks for text/html).
/// Public and free of data: it names addresses and how to get the API key, never the key itself.
/// </summary>
public static class FrontDoor
{
    public sealed record Links(
        string Service,
        string OcpiVersions,
        string ApiPage,
        IReadOnlyDictionary<string, string> OpenApi,
        string BillingDashboard,
        IReadOnlyDictionary<string, string> Health,
        string ApiKey,
        string FirstPartner);

    public static void MapFrontDoor(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/", Results<Ok<Links>, ContentHttpResult> (HttpContext http, OcpiEndpointCatalog catalog) =>
            {
                var links = For(http, catalog);
                return http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
                    ? TypedResults.Content(Html(links), "text/html; charset=utf-8")
                    : TypedResults.Ok(links);
            })
            .ExcludeFromDescription();

    private static Links For(HttpContext http, OcpiEndpointCatalog catalog)
    {
        // Links relative to how the caller reached us (behind a proxy too); the versions URL is the one partners are given.
        var here = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return new Links(
            "Ocpi.Emsp, an OCPI 2.3.0 eMSP back-end",
            catalog.VersionsUrl,
            here + ApiPage.Path + "/",
            new Dictionary<string, string> { ["internal"] = here + "/openapi/internal.json", ["ocpi"] = here + "/openapi/ocpi.json" },
            here + BillingDashboard.Path + "/",
            new Dictionary<string, string> { ["live"] = here + "/health/live", ["startup"] = here + "/health/startup", ["ready"] = here + "/health/ready" },
            "The internal API (/api/*) needs the header X-Api-Key: the value of Emsp:ApiKey, or, when that is not set, the key "
            + "generated on first start and printed once in the log (\"Generated the internal API key\"); a lost key is replaced "
            + "with the command `api-key rotate`.",
            "POST /api/partners/invitations with the key answers token A and the versions URL; give both to the CPO, which registers "
            + "with POST /ocpi/2.3.0/credentials (header Authorization: Token <base64 of token A>).");
    }

    private static string Html(Links links)
    {
        static string A(string url) => $"<a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(url)}</a>";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Ocpi.Emsp</title>
            <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:600}</style>
            </head><body>
            <h1>{{WebUtility.HtmlEncode(links.Service)}}</h1>
            <dl>
            <dt>API page (both OpenAPI documents, try requests)</dt><dd>{{A(links.ApiPage)}}</dd>
            <dt>OCPI versions endpoint (for CPO partners)</dt><dd>{{A(links.OcpiVersions)}}</dd>
            <dt>OpenAPI documents</dt><dd>{{A(links.OpenApi["internal"])}}<br>{{A(links.OpenApi["ocpi"])}}</dd>
            <dt>Billing dashboard</dt><dd>{{A(links.BillingDashboard)}}</dd>
            <dt>Health</dt><dd>{{A(links.Health["live"])}}<br>{{A(links.Health["ready"])}}</dd>
            <dt>API key</dt><dd>{{WebUtility.HtmlEncode(links.ApiKey)}}</dd>
            <dt>First partner</dt><dd>{{WebUtility.HtmlEncode(links.FirstPartner)}}</dd>
            </dl>
            </body></html>
            """;
    }
}
