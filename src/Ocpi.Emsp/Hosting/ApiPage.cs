using Scalar.AspNetCore;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// The API page at /api/docs: Scalar over both OpenAPI documents. The page and the documents are public (they describe,
/// they hold no data); trying a request from the page sends the X-Api-Key or Authorization header the user enters for the
/// document's security scheme. Scalar.AspNetCore serves its script from the assembly; the default web fonts (fetched
/// from Scalar's CDN) and telemetry are turned off, so the page loads with no internet access.
/// </summary>
public static class ApiPage
{
    public const string Path = "/api/docs";

    public static void MapApiPage(this IEndpointRouteBuilder routes) =>
        routes.MapScalarApiReference(Path, options => options
            .WithTitle("Ocpi.Emsp API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument("internal", "Internal API (X-Api-Key)", isDefault: true)
            .AddDocument("ocpi", "OCPI 2.3.0 (Authorization: Token)")
            .DisableDefaultFonts()
            .DisableTelemetry());
}
