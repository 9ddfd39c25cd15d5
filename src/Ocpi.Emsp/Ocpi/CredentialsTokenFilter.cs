using Serilog.Context;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// Authenticates every OCPI request by its credentials token (transport_and_format.asciidoc, "Authorization header"):
/// missing or unknown token: HTTP 401; token A (or a handshake token) outside versions and credentials: HTTP 401.
/// </summary>
public sealed class CredentialsTokenFilter(PartnerDirectory directory, ILogger<CredentialsTokenFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var module = http.GetEndpoint()?.Metadata.GetMetadata<OcpiModule>() ?? new OcpiModule("");
        var candidates = CredentialsTokenHeader.Candidates(http.Request.Headers.Authorization.ToString());
        if (candidates.Count == 0)
            return OcpiResults.Unauthorized("Missing or malformed Authorization header; expected 'Token <base64 token>'");

        var caller = await directory.AuthenticateAsync(candidates, http.RequestAborted);
        if (caller is null)
        {
            logger.LogInformation("Refused an OCPI request with an unknown credentials token");
            return OcpiResults.Unauthorized("Unknown credentials token");
        }
        if (caller.Scope == TokenScope.Handshake && !module.IsConfiguration)
            return OcpiResults.Unauthorized("This token is only valid for the versions and credentials modules until registration completes");

        http.Items[typeof(AuthenticatedPartner)] = caller;
        using (LogContext.PushProperty("PartnerId", caller.Partner.Id))
            return await next(context);
    }
}

public static class CallerExtensions
{
    public static AuthenticatedPartner Caller(this HttpContext context) =>
        context.Items[typeof(AuthenticatedPartner)] as AuthenticatedPartner
        ?? throw new InvalidOperationException("OCPI endpoint without the credentials token filter");
}
