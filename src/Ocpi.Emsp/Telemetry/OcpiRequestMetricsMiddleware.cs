using System.Diagnostics;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Telemetry;

/// <summary>
/// Times every request to an OCPI endpoint (one with <see cref="OcpiModule"/> metadata) into
/// <c>emsp.ocpi.request.duration</c>, labelled with the module, the calling partner's party (known once the credentials
/// token filter ran; "none" when refused before), the method and the HTTP status. The internal API, health and metrics
/// are left to ASP.NET Core's own http.server.request.duration.
/// </summary>
public sealed class OcpiRequestMetricsMiddleware(RequestDelegate next, EmspMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<OcpiModule>() is not { } module)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var partner = (context.Items[typeof(AuthenticatedPartner)] as AuthenticatedPartner)?.Partner;
            metrics.OcpiRequest(module.ModuleId.Length == 0 ? "versions" : module.ModuleId, partner, context.Request.Method,
                context.Response.StatusCode, started);
        }
    }
}
