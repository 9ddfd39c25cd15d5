using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// Every answer under /ocpi carries the OCPI envelope, also where no OCPI endpoint answered: no route matched (an
/// unknown module, a '.' or '..' segment, an empty id, a '/' inside an id) is HTTP 404, a route that does not take the
/// method is HTTP 405, each with OCPI 2000 and a message. Runs around the endpoints, after routing.
/// </summary>
public sealed class OcpiUnmatchedRouteMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
            || !context.Request.Path.StartsWithSegments("/ocpi")
            || context.GetEndpoint()?.Metadata.GetMetadata<OcpiModule>() is not null)
            return;
        IResult answer = response.StatusCode == StatusCodes.Status405MethodNotAllowed
            ? OcpiResults.MethodNotAllowed($"Method {context.Request.Method} is not supported on this OCPI URL")
            : OcpiResults.NotFound(OcpiStatusCode.ClientError, "No OCPI endpoint at this URL");
        await answer.ExecuteAsync(context);
    }
}
