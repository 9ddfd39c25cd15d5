using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Credentials;

/// <summary>The credentials module, server side (credentials.asciidoc): GET, POST (register), PUT (update), DELETE.</summary>
public static class CredentialsEndpoints
{
    public static void MapCredentials(this IEndpointRouteBuilder routes)
    {
        var credentials = routes.MapOcpiModule(ModuleId.Credentials, InterfaceRole.SENDER);
        // The role means nothing for credentials (a symmetric module; the spec advises SENDER), yet some CPO software
        // looks for it as RECEIVER only: listing the same URL under both roles serves both readings and stays valid
        // version details (an identifier may appear once per role).
        routes.ServiceProvider.GetRequiredService<OcpiEndpointCatalog>().Add(ModuleId.Credentials, InterfaceRole.RECEIVER);

        credentials.MapGet("", (HttpContext http, OurCredentials ours) => OcpiResults.Ok(ours.For(http.Caller().PresentedToken)))
            .WithName("GetCredentials").WithSummary("Our credentials, as the calling partner uses them")
            .ProducesOcpi(CredentialsSchemas.Credentials);
        credentials.MapPost("", (HttpContext http, CredentialsHandshakes handshakes) => handshakes.RegisterAsync(http))
            .WithName("PostCredentials").WithSummary("Register with token A: we call back with token B and answer token C")
            .AcceptsOcpi(CredentialsSchemas.Credentials).ProducesOcpi(CredentialsSchemas.Credentials)
            .ProducesOcpiError(StatusCodes.Status405MethodNotAllowed, "Already registered: use PUT to update or DELETE to unregister");
        credentials.MapPut("", (HttpContext http, CredentialsHandshakes handshakes) => handshakes.UpdateAsync(http))
            .WithName("PutCredentials").WithSummary("Update credentials: new token, endpoints or version")
            .AcceptsOcpi(CredentialsSchemas.Credentials).ProducesOcpi(CredentialsSchemas.Credentials)
            .ProducesOcpiError(StatusCodes.Status405MethodNotAllowed, "Not registered: POST your credentials first");
        credentials.MapDelete("", (HttpContext http, CredentialsHandshakes handshakes) => handshakes.UnregisterAsync(http))
            .WithName("DeleteCredentials").WithSummary("Unregister: the connection ends for both sides")
            .ProducesOcpi(null).ProducesOcpiError(StatusCodes.Status405MethodNotAllowed, "Not registered: there is nothing to unregister");
    }
}
